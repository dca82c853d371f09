using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Catalog;

/// <summary>
/// Whether a partner may offer a SKU at all (CAT-5), and why a customer cannot buy it here: market (CAT-2),
/// segment (CAT-2), blocked market (CAT-6), the ISV's reasons (CAT-4) and add-ons only from a base (CAT-8).
/// The catalog shows these reasons; the cart refuses with the same ones.
/// </summary>
public static class CatalogRules
{
    /// <summary>CAT-5: a partner sees only offers it is authorised to sell.</summary>
    public static bool MayOffer(Sku sku, Guid partnerId) =>
        sku.AuthorizedPartnerIds.Count == 0 || sku.AuthorizedPartnerIds.Contains(partnerId);

    /// <summary>CAT-3: a one-per-customer offer cannot be bought twice; a suspended one is reactivated instead.</summary>
    public static Refusal? OnePerCustomer(Sku sku, IEnumerable<Subscription> held)
    {
        if (!sku.OnePerCustomer)
            return null;
        var existing = held.FirstOrDefault(s => s.ProductId == sku.ProductId && s.SkuId == sku.Id && s.Status != SubscriptionStatus.Deleted);
        return existing switch
        {
            null => null,
            { Status: SubscriptionStatus.Suspended } => Refusal.Of(ErrorCodes.OnePerCustomerReactivate, sku.Title, existing.Id),
            _ => Refusal.Of(ErrorCodes.OnePerCustomer, sku.Title, existing.Id),
        };
    }

    public static IReadOnlyList<Refusal> WhyNotPurchasable(
        Product product, Sku sku, Availability? availability, string country, CustomerSegment? segment, Guid partnerId,
        IReadOnlySet<string> blockedMarkets, bool fromCatalog)
    {
        var reasons = new List<Refusal>();
        if (product.TargetView == TargetView.AzureReservations && blockedMarkets.Contains(country))
            reasons.Add(Refusal.Of(ErrorCodes.ReservationBlockedMarket, country, product.Title));
        else if (availability is null)
            reasons.Add(Refusal.Of(ErrorCodes.OfferNotInMarket, sku.Title, country));
        if (segment is { } s && !sku.Segments.Contains(s))
            reasons.Add(Refusal.Of(ErrorCodes.SegmentNotAllowed, sku.Title, Naming.Kebab(s.ToString())));
        if (sku.Isv is { } isv)
        {
            if (!isv.Transactable)
                reasons.Add(Refusal.Of(ErrorCodes.NotTransactable, sku.Title));
            if (!isv.AvailableThroughCsp)
                reasons.Add(Refusal.Of(ErrorCodes.IsvNotThroughCsp, sku.Title));
            if (isv.ExclusiveToPartnerIds.Count > 0 && !isv.ExclusiveToPartnerIds.Contains(partnerId))
                reasons.Add(Refusal.Of(ErrorCodes.IsvExclusive, sku.Title));
            if (isv.Countries.Count > 0 && !isv.Countries.Contains(country, StringComparer.OrdinalIgnoreCase))
                reasons.Add(Refusal.Of(ErrorCodes.IsvCountryNotSupported, sku.Title, country));
        }

        if (fromCatalog && sku.IsAddOn)
            reasons.Add(Refusal.Of(ErrorCodes.AddOnFromBaseOnly, sku.Title));
        return reasons;
    }
}
