using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Dashboard.Subscriptions;

/// <summary>
/// A subscription's edit page (seeds 000, 001, 003): change the number of licenses, add-on licenses (ADD-2), the
/// status between active and suspended after a confirmation (SUB-6) with the data-deletion date under Suspended
/// (SUB-4), auto-renew, and cancelling with the refund shown before "Yes, cancel". Every change goes through the same
/// use case as PATCH /v1/customers/{id}/subscriptions/{id}.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class EditModel(
    GetCustomer getCustomer, OrderQueries orders, BrowseCatalog catalog, UpdateSubscription update, PlaceOrder placeOrder, TransitionSubscription transitions)
    : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    [FromRoute]
    public Guid SubscriptionId { get; set; }

    public Customer Customer { get; private set; } = null!;

    public Subscription Subscription { get; private set; } = null!;

    public Subscription? Parent { get; private set; }

    public IReadOnlyList<Subscription> AddOns { get; private set; } = [];

    public IReadOnlyList<AddOnOffer> AddOnOffers { get; private set; } = [];

    /// <summary>A status change waiting for its confirmation (SUB-6).</summary>
    public SubscriptionStatus? ConfirmStatus { get; private set; }

    public SuspensionReason? ConfirmReason { get; private set; }

    /// <summary>A cancellation waiting for "Yes, cancel", with the credits it will give.</summary>
    public IReadOnlyList<LedgerEntry>? CancelPreview { get; private set; }

    /// <summary>"Manage renewals": what the subscription may renew into (NCE-5, NCE-6).</summary>
    public IReadOnlyList<RenewalChoice> RenewalChoices { get; private set; } = [];

    /// <summary>Where its licenses may be upgraded to now (NCE-11), with the reasons an option is refused.</summary>
    public IReadOnlyList<TransitionOption> Upgrades { get; private set; } = [];

    public bool IsLegacy => Subscription.CommerceModel == CommerceModel.Legacy;

    /// <summary>The forms show only when a change could be accepted: the role (ROLE-1) and a subscription still ours and running.</summary>
    public bool CanChange => Caller.Can(Permission.PlaceOrders) && SubscriptionLifecycle.Changeable(Subscription) is null;

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    // The API reads 0 or no quantity as "no change" (the SDK's unset value); this form always asks for one.
    public async Task<IActionResult> OnPostQuantityAsync(int? quantity) => quantity is > 0
        ? await ChangeAsync(new SubscriptionPatch(Quantity: quantity), _ => L["Subscription.QuantityChanged", quantity])
        : await ShowAsync(Refusal.Of(ErrorCodes.InvalidProperty, "quantity", "a number of licenses from 1"));

    public async Task<IActionResult> OnPostStatusAsync(SubscriptionStatus status, SuspensionReason? reason, bool confirmed)
    {
        if (confirmed)
            return await ChangeAsync(new SubscriptionPatch(Status: status, Reason: reason), _ => L["Subscription.StatusChanged", Show.Status(L, status)]);
        (ConfirmStatus, ConfirmReason) = (status, reason);
        return await ShowAsync();
    }

    public async Task<IActionResult> OnPostAutoRenewAsync(bool autoRenew) =>
        await ChangeAsync(new SubscriptionPatch(AutoRenewEnabled: autoRenew), _ => autoRenew ? L["Subscription.AutoRenewOn"] : L["Subscription.AutoRenewOff"]);

    public async Task<IActionResult> OnPostCancelAsync(bool confirmed)
    {
        if (confirmed)
            return await ChangeAsync(new SubscriptionPatch(Status: SubscriptionStatus.Deleted), _ => L["Subscription.Cancelled"]);
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var preview = await update.RunAsync(Caller, CustomerId, SubscriptionId, new SubscriptionPatch(Status: SubscriptionStatus.Deleted), preview: true, HttpContext.RequestAborted);
        if (!preview.IsSuccess)
            return await ShowAsync(preview.Refusal);
        CancelPreview = preview.Value.Ledger;
        return await ShowAsync();
    }

    /// <summary>"Manage renewals" → Submit: the change waits for the renewal (NCE-5..9).</summary>
    public async Task<IActionResult> OnPostScheduleAsync(string? renewSku, string? renewTerm, BillingCycle? renewCycle, int renewQuantity)
    {
        // No SKU chosen keeps the current one (Core fills what is not given from the subscription).
        var (productId, skuId) = renewSku?.Split(':') is [var p, var k] ? (p, k) : (renewSku, null);
        var schedule = new ScheduledChangeInput(productId, skuId, null, renewTerm, renewCycle, renewQuantity);
        // NCE-9: a SKU change at renewal leaves the reassignment of user licenses to the partner.
        return await ChangeAsync(new SubscriptionPatch(SetSchedule: true, Schedule: schedule), s =>
            L["Renewal.Scheduled", Show.Date(s.TermEnd)]
            + (s.ScheduledChange is { } c && (c.ProductId != s.ProductId || c.SkuId != s.SkuId) ? " " + L["Renewal.Reassign"] : ""));
    }

    public async Task<IActionResult> OnPostUnscheduleAsync() =>
        await ChangeAsync(new SubscriptionPatch(SetSchedule: true), _ => L["Renewal.Removed"]);

    /// <summary>Upgrade now (NCE-11): all licenses, or some (a partial upgrade) into a new or an existing subscription.</summary>
    public async Task<IActionResult> OnPostUpgradeAsync(string? upgradeTo, int upgradeQuantity, Guid? upgradeInto)
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var ct = HttpContext.RequestAborted;
        // A legacy subscription upgrades by offer, all its licenses at once (Partner Center's POST …/upgrades).
        var legacy = await orders.SubscriptionAsync(Caller, CustomerId, SubscriptionId, ct) is { IsSuccess: true } found && found.Value.CommerceModel == CommerceModel.Legacy;
        var done = legacy
            ? await transitions.UpgradeLegacyAsync(Caller, CustomerId, SubscriptionId, upgradeTo, ct)
            : await transitions.RunAsync(Caller, CustomerId, SubscriptionId, new TransitionInput(upgradeTo, upgradeInto, upgradeQuantity, null, null, null), preview: false, ct);
        if (!done.IsSuccess)
            return await ShowAsync(done.Refusal);
        Success = L["Upgrade.Done", upgradeQuantity, done.Value.Target.OfferName];
        return Redirect(Url.Page("/Subscriptions/Edit", new { CustomerId, SubscriptionId = done.Value.Target.Id })!);
    }

    /// <summary>Add-on licenses (ADD-1..4): a direct order of the add-on on top of this subscription.</summary>
    public async Task<IActionResult> OnPostAddOnAsync(string? catalogItemId, string? lineTerm, BillingCycle lineCycle, int quantity)
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var line = new OrderLineInput(0, catalogItemId ?? "", quantity, lineCycle, lineTerm ?? "", ParentSubscriptionId: SubscriptionId);
        var order = await placeOrder.RunAsync(Caller, CustomerId, [line], HttpContext.RequestAborted);
        if (!order.IsSuccess)
            return await ShowAsync(order.Refusal);
        Success = L["Subscription.AddOnBought", order.Value.Lines[0].FriendlyName, quantity];
        return Redirect(Url.Page("/Subscriptions/Edit", new { CustomerId, SubscriptionId })!);
    }

    private async Task<IActionResult> ChangeAsync(SubscriptionPatch patch, Func<Subscription, string> done)
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var result = await update.RunAsync(Caller, CustomerId, SubscriptionId, patch, preview: false, HttpContext.RequestAborted);
        if (!result.IsSuccess)
            return await ShowAsync(result.Refusal);
        Success = done(result.Value.Subscription);
        return Redirect(Url.Page("/Subscriptions/Edit", new { CustomerId, SubscriptionId })!);
    }

    private async Task<IActionResult> ShowAsync(Refusal? refused = null)
    {
        var ct = HttpContext.RequestAborted;
        var customer = await getCustomer.RunAsync(Caller, CustomerId, ct);
        if (!customer.IsSuccess)
            return NotFoundPage(customer.Refusal!);
        var subscription = await orders.SubscriptionAsync(Caller, CustomerId, SubscriptionId, ct);
        if (!subscription.IsSuccess)
            return NotFoundPage(subscription.Refusal!);
        (Customer, Subscription) = (customer.Value, subscription.Value);
        if (Subscription.ParentSubscriptionId is { } parentId && await orders.SubscriptionAsync(Caller, CustomerId, parentId, ct) is { IsSuccess: true } parent)
            Parent = parent.Value;
        var addOns = await orders.AddOnsAsync(Caller, CustomerId, SubscriptionId, ct);
        AddOns = addOns.IsSuccess ? addOns.Value : [];
        if (Subscription.ParentSubscriptionId is null && await catalog.AddOnsForAsync(Caller, Subscription, ct) is { IsSuccess: true } offers)
            AddOnOffers = offers.Value;
        if (CanChange && !IsLegacy && await update.RenewalChoicesAsync(Caller, CustomerId, SubscriptionId, ct) is { IsSuccess: true } choices)
            RenewalChoices = choices.Value;
        if (CanChange && await transitions.EligibilitiesAsync(Caller, CustomerId, SubscriptionId, scheduled: false, ct, IsLegacy) is { IsSuccess: true } upgrades)
            Upgrades = upgrades.Value;
        return PageOr(refused);
    }
}
