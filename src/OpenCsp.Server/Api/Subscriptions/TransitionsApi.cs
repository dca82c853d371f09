using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;
using OpenCsp.Server.Api.Billing;
using OpenCsp.Server.Api.Catalog;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Api.Subscriptions;

public sealed record TransitionError(int Code, string Description);

public sealed record Eligibility(bool IsEligible, string TransitionType, IReadOnlyList<TransitionError> Errors);

public sealed record SubscriptionEligibility(bool IsEligible, string SubscriptionId, string SubscriptionFriendlyName, string SubscriptionTermDuration,
    BillingCycle SubscriptionBillingCycle, IReadOnlyList<TransitionError> Errors);

public sealed record TransitionEligibilityResource(string CatalogItemId, string Title, string Description, int Quantity, IReadOnlyList<Eligibility> Eligibilities,
    IReadOnlyList<SubscriptionEligibility> SubscriptionEligibilities, ResourceAttributes Attributes);

public sealed record TransitionEvent(string Name, string Status, DateTimeOffset Timestamp);

public sealed record TransitionResource(string OperationId, string FromCatalogItemId, string FromSubscriptionId, string ToCatalogItemId, string ToSubscriptionId,
    int Quantity, string TermDuration, BillingCycle BillingCycle, string TransitionType, IReadOnlyList<TransitionEvent> Events, ResourceAttributes Attributes)
{
    public static TransitionResource From(TransitionRecord t)
    {
        // A full upgrade keeps the subscription and moves its licenses; a partial one leaves reassignment to the partner.
        var full = t.FromSubscriptionId == t.ToSubscriptionId;
        List<TransitionEvent> events = [new("Conversion", "Completed", t.CreatedAt)];
        if (full)
            events.Add(new TransitionEvent("LicenseReassignment", "Completed", t.CreatedAt));
        return new TransitionResource(t.Id.ToString(), t.FromCatalogItemId, t.FromSubscriptionId.ToString(), t.ToCatalogItemId, t.ToSubscriptionId.ToString(),
            t.Quantity, t.TermDuration, t.BillingCycle, t.TransitionType, events, new ResourceAttributes("Transition"));
    }
}

public sealed record TransitionBody(string? FromCatalogItemId, string? FromSubscriptionId, string? ToCatalogItemId, string? ToSubscriptionId, int Quantity,
    string? TermDuration, string? BillingCycle, string? TransitionType);

public sealed record UpgradeError(int Code, string Description, string AdditionalDetails);

public sealed record UpgradeResource(OfferResource TargetOffer, string UpgradeType, bool IsEligible, int Quantity, IReadOnlyList<UpgradeError> UpgradeErrors, ResourceAttributes Attributes);

/// <summary>The SDK sends UpgradeType as a number (its enum has no converter) where GET answers a name: either is taken.</summary>
public sealed record UpgradeBody(TargetOfferBody? TargetOffer, JsonElement? UpgradeType, int? Quantity);

public sealed record TargetOfferBody(string? Id);

public sealed record UpgradeResultResource(string SourceSubscriptionId, string TargetSubscriptionId, string UpgradeType, IReadOnlyList<UpgradeError> UpgradeErrors,
    IReadOnlyList<object> LicenseErrors, ResourceAttributes Attributes);

public sealed record TransitionPreview(TransitionResource Transition, SubscriptionResource Source, SubscriptionResource Target,
    IReadOnlyList<LedgerEntryResource> LedgerEntries, ResourceAttributes Attributes);

/// <summary>NCE-11 upgrades (API.md B §4.7): eligibilities, the transition itself (with ?preview=true) and its history.</summary>
public static class TransitionsApi
{
    public static void MapTransitions(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/customers/{customerId}/subscriptions/{subscriptionId}").WithTags("Subscriptions");
        group.MapGet("/transitionEligibilities", EligibilitiesAsync).RequirePermission(Permission.ReadCustomers);
        group.MapGet("/transitions", HistoryAsync).RequirePermission(Permission.ReadCustomers);
        group.MapPost("/transitions", TransitionAsync).RequirePermission(Permission.PlaceOrders);
        // Release notes also write the singular; both are accepted (API.md B §5.4).
        group.MapPost("/transition", TransitionAsync).RequirePermission(Permission.PlaceOrders).ExcludeFromDescription();
        group.MapGet("/upgrades", UpgradesAsync).RequirePermission(Permission.ReadCustomers);
        group.MapPost("/upgrades", UpgradeAsync).RequirePermission(Permission.PlaceOrders);
    }

    /// <summary>Legacy upgrades (API.md B §4.7): the offers a legacy subscription can move to, each with its errors.</summary>
    private static async Task<IResult> UpgradesAsync(HttpContext context, TransitionSubscription transitions, string customerId, string subscriptionId)
    {
        if (!TryIds(context, customerId, subscriptionId, out var c, out var s, out var bad))
            return bad;
        var result = await transitions.EligibilitiesAsync(context.Caller(), c, s, scheduled: false, context.RequestAborted, legacy: true);
        var culture = ApiErrors.Culture(context);
        return result.Map(context, options =>
        {
            var items = options.Select((o, rank) => new UpgradeResource(
                Catalog.OffersApi.Offer(o.Product, new SkuOffer(o.Sku, o.Target, []), o.Target.Country, rank, false), "upgrade_with_license_transfer",
                o.Errors.Count == 0, o.Quantity, o.Errors.Select(e => UpgradeErrorOf(e, culture)).ToList(), new ResourceAttributes("Upgrade"))).ToList();
            return Results.Json(new Collection<UpgradeResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{c}/subscriptions/{s}/upgrades"))), Json.Options);
        });
    }

    /// <summary>A legacy upgrade: every license moves to a new subscription of the target offer, and the source ends.</summary>
    private static async Task<IResult> UpgradeAsync(HttpContext context, TransitionSubscription transitions, string customerId, string subscriptionId, UpgradeBody body)
    {
        if (!TryIds(context, customerId, subscriptionId, out var c, out var s, out var bad))
            return bad;
        var result = await transitions.UpgradeLegacyAsync(context.Caller(), c, s, body.TargetOffer?.Id, context.RequestAborted);
        return result.Map(context, done => Results.Json(new UpgradeResultResource(s.ToString(), done.Target.Id.ToString(), "upgrade_with_license_transfer", [], [],
            new ResourceAttributes("UpgradeResult")), Json.Options));
    }

    private static UpgradeError UpgradeErrorOf(Refusal refusal, System.Globalization.CultureInfo culture) => new(
        refusal.Error == ErrorCodes.TransitionSourceNotActive ? 2 : refusal.Error == ErrorCodes.LegacyUpgradeOnly ? 7 : 0,
        ErrorText.Describe(refusal, culture), $"{refusal.Error.Code} ({refusal.RuleId})");

    private static async Task<IResult> EligibilitiesAsync(HttpContext context, TransitionSubscription transitions, string customerId, string subscriptionId,
        [FromQuery] string? eligibilityType)
    {
        if (!TryIds(context, customerId, subscriptionId, out var c, out var s, out var bad))
            return bad;
        var scheduled = eligibilityType?.Equals("scheduled", StringComparison.OrdinalIgnoreCase) == true;
        if (!scheduled && eligibilityType is not null && !eligibilityType.Equals("immediate", StringComparison.OrdinalIgnoreCase))
            return Refusal.Of(ErrorCodes.UnparsableEnum, eligibilityType, "eligibilityType").ToResult(context);
        var result = await transitions.EligibilitiesAsync(context.Caller(), c, s, scheduled, context.RequestAborted);
        var culture = ApiErrors.Culture(context);
        return result.Map(context, options =>
        {
            var items = options.Select(o => new TransitionEligibilityResource(
                o.Target.CatalogItemId, o.Sku.Title, o.Sku.Description, o.Quantity,
                [new Eligibility(o.Errors.Count == 0, "transition_with_license_transfer", o.Errors.Select(e => new TransitionError(e.Error.Code, ErrorText.Describe(e, culture))).ToList())],
                o.IntoSubscriptions.Select(x => new SubscriptionEligibility(true, x.Id.ToString(), x.FriendlyName, x.TermDuration, x.BillingCycle, [])).ToList(),
                new ResourceAttributes("TransitionEligibility"))).ToList();
            return Results.Json(new Collection<TransitionEligibilityResource>(items.Count, items,
                new CollectionLinks(new Link($"/customers/{c}/subscriptions/{s}/transitionEligibilities"))), Json.Options);
        });
    }

    private static async Task<IResult> HistoryAsync(HttpContext context, TransitionSubscription transitions, string customerId, string subscriptionId, [FromQuery] string? operationId)
    {
        if (!TryIds(context, customerId, subscriptionId, out var c, out var s, out var bad))
            return bad;
        Guid? op = null;
        if (operationId is not null)
        {
            if (!Guid.TryParse(operationId, out var parsed))
                return Refusal.Of(ErrorCodes.InvalidProperty, "operationId", "a GUID").ToResult(context);
            op = parsed;
        }

        var result = await transitions.HistoryAsync(context.Caller(), c, s, op, context.RequestAborted);
        return result.Map(context, records =>
        {
            var items = records.Select(TransitionResource.From).ToList();
            return Results.Json(new Collection<TransitionResource>(items.Count, items, new CollectionLinks(new Link($"/customers/{c}/subscriptions/{s}/transitions"))), Json.Options);
        });
    }

    private static async Task<IResult> TransitionAsync(HttpContext context, TransitionSubscription transitions, OrderQueries queries, TimeProvider clock,
        string customerId, string subscriptionId, TransitionBody body, [FromQuery] bool? preview)
    {
        if (!TryIds(context, customerId, subscriptionId, out var c, out var s, out var bad))
            return bad;
        var cycle = EnumValues.Parse<BillingCycle>(body.BillingCycle, "billingCycle");
        if (!cycle.IsSuccess)
            return cycle.Refusal!.ToResult(context);
        Guid? into = null;
        if (!string.IsNullOrWhiteSpace(body.ToSubscriptionId))
        {
            if (!Guid.TryParse(body.ToSubscriptionId, out var parsed))
                return Refusal.Of(ErrorCodes.TransitionTargetNotActive).ToResult(context);
            into = parsed;
        }

        var input = new TransitionInput(body.ToCatalogItemId, into, body.Quantity, body.TermDuration, cycle.Value, body.TransitionType);
        var result = await transitions.RunAsync(context.Caller(), c, s, input, preview == true, context.RequestAborted);
        if (!result.IsSuccess)
            return result.Refusal!.ToResult(context);
        var done = result.Value;
        if (!done.Preview)
            return Results.Json(TransitionResource.From(done.Transition), Json.Options);
        var now = clock.GetUtcNow();
        var bases = await queries.BasesWithAddOnsAsync(context.RequestAborted);
        return Results.Json(new TransitionPreview(TransitionResource.From(done.Transition), SubscriptionResource.From(done.Source, now, bases),
            SubscriptionResource.From(done.Target, now, bases), done.Ledger.Select(LedgerEntryResource.From).ToList(), new ResourceAttributes("TransitionPreview")), Json.Options);
    }

    private static bool TryIds(HttpContext context, string customerId, string subscriptionId, out Guid c, out Guid s, out IResult bad)
    {
        s = Guid.Empty;
        bad = Results.Empty;
        if (Ids.TryCustomer(customerId, out c, out var refusal) && Ids.TryGuid(subscriptionId, ErrorCodes.SubscriptionNotFound, out s, out refusal))
            return true;
        bad = refusal.ToResult(context);
        return false;
    }
}
