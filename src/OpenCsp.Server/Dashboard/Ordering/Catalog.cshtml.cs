using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Ordering;

/// <summary>
/// The catalog as a customer's page shows it (CAT-1): tabs online services / software / Azure reservations / trial,
/// filters publisher, billing type, category and billing frequency; every item the customer cannot buy stays listed
/// with its reason (CAT-2..6). "Add to cart" puts a line with its number of licenses into the customer's cart.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class CatalogModel(BrowseCatalog browse, Carts carts) : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    /// <summary>online, software, reservations or trial.</summary>
    [BindProperty(SupportsGet = true)]
    public string View { get; set; } = "online";

    [BindProperty(SupportsGet = true)]
    public string? Publisher { get; set; }

    [BindProperty(SupportsGet = true)]
    public BillingType? BillingType { get; set; }

    [BindProperty(SupportsGet = true)]
    public ProductCategory? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public BillingCycle? Cycle { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Cart { get; set; }

    /// <summary>"subscription" when reached by "New subscription" (the page's heading).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Flow { get; set; }

    public CatalogPage Catalog { get; private set; } = null!;

    public Cart? CurrentCart { get; private set; }

    public static readonly string[] Views = ["online", "software", "reservations", "trial"];

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    public async Task<IActionResult> OnPostAddAsync(string? catalogItemId, string? lineName, string? lineTerm, BillingCycle lineCycle, int quantity)
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var line = new OrderLineInput(0, catalogItemId ?? "", quantity, lineCycle, lineTerm ?? "", lineName);
        var saved = await carts.AddLineAsync(Caller, CustomerId, Cart, line, HttpContext.RequestAborted);
        if (!saved.IsSuccess)
            return await ShowAsync(saved.Refusal);
        Cart = saved.Value.Id;
        Success = L["Cart.Added"];
        return Redirect(Url.Page("/Ordering/Catalog", new { CustomerId, View, Publisher, BillingType, Category, Cycle, Cart, Flow })!);
    }

    private async Task<IActionResult> ShowAsync(Refusal? refused = null)
    {
        var ct = HttpContext.RequestAborted;
        var query = new CatalogQuery(
            View: View switch { "software" => TargetView.Software, "reservations" => TargetView.AzureReservations, _ => TargetView.OnlineServices },
            Microsoft: Publisher switch { "microsoft" => true, "partner" => false, _ => null },
            BillingType: BillingType,
            Category: Category,
            Trial: View == "trial" ? true : null,
            BillingCycle: Cycle,
            CustomerId: CustomerId);
        var page = await browse.RunAsync(Caller, query, ct);
        if (!page.IsSuccess)
            return PageOr(page.Refusal);
        Catalog = page.Value;
        if (Cart is { } cartId && await carts.GetAsync(Caller, CustomerId, cartId, ct) is { IsSuccess: true } cart)
            CurrentCart = cart.Value;
        return PageOr(refused);
    }

    /// <summary>The terms a SKU is sold with that match the billing-frequency filter.</summary>
    public IEnumerable<AvailabilityTerm> TermsOf(SkuOffer offer) =>
        offer.Availability?.Terms.Where(t => Cycle is null || t.BillingCycle == Cycle).OrderBy(t => t.BillingCycle).ThenBy(t => t.Duration.Length).ThenBy(t => t.Duration)
        ?? Enumerable.Empty<AvailabilityTerm>();
}
