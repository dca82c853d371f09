using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Ordering;

/// <summary>
/// Review order (ORD-1): the cart's lines with their number of licenses, each line's own error, the first charges the
/// order will post (a dry run of the checkout), then Submit / Buy — one transaction, as through the API.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class ReviewModel(GetCustomer getCustomer, Carts carts) : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    [FromRoute]
    public Guid CartId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Flow { get; set; }

    public Customer Customer { get; private set; } = null!;

    public Cart Cart { get; private set; } = null!;

    public IReadOnlyList<LedgerEntry> FirstCharges { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync() => await ShowAsync();

    /// <summary>New license counts (quantity-{line id}); a count of 0 removes the line.</summary>
    public async Task<IActionResult> OnPostUpdateAsync()
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var found = await carts.GetAsync(Caller, CustomerId, CartId, HttpContext.RequestAborted);
        if (!found.IsSuccess)
            return await ShowAsync(found.Refusal);
        var lines = new List<OrderLineInput>();
        foreach (var line in found.Value.Lines)
        {
            var field = $"quantity-{line.Id}";
            var quantity = line.Quantity;
            if (Request.Form.TryGetValue(field, out var typed) && !int.TryParse(typed, System.Globalization.CultureInfo.InvariantCulture, out quantity))
                return await ShowAsync(Refusal.Of(ErrorCodes.InvalidProperty, field, "a whole number of licenses"));
            if (quantity != 0) // 0 takes the line out of the cart
                lines.Add(Carts.Input(line) with { Number = lines.Count, Quantity = quantity });
        }

        var saved = await carts.ReplaceAsync(Caller, CustomerId, CartId, lines, found.Value.Version, HttpContext.RequestAborted);
        if (!saved.IsSuccess)
            return await ShowAsync(saved.Refusal);
        Success = L["Cart.Updated"];
        return Redirect(Url.Page("/Ordering/Review", new { CustomerId, CartId, Flow })!);
    }

    public async Task<IActionResult> OnPostBuyAsync()
    {
        if (Lacks(Permission.PlaceOrders, out var refusal))
            return await ShowAsync(refusal);
        var bought = await carts.CheckoutAsync(Caller, CustomerId, CartId, HttpContext.RequestAborted);
        if (!bought.IsSuccess)
            return await ShowAsync(bought.Refusal);
        return Redirect($"/customers/{CustomerId}/orders/{bought.Value.Order.Id}/confirmation");
    }

    private async Task<IActionResult> ShowAsync(Refusal? refused = null)
    {
        var ct = HttpContext.RequestAborted;
        var customer = await getCustomer.RunAsync(Caller, CustomerId, ct);
        if (!customer.IsSuccess)
            return NotFoundPage(customer.Refusal!);
        var cart = await carts.GetAsync(Caller, CustomerId, CartId, ct);
        if (!cart.IsSuccess)
            return NotFoundPage(cart.Refusal!);
        (Customer, Cart) = (customer.Value, cart.Value);
        if (Cart.Status == CartStatus.Ordered && Cart.OrderId is { } orderId)
            return Redirect($"/customers/{CustomerId}/orders/{orderId}/confirmation");
        if (Cart.Lines.Count > 0 && Cart.Lines.All(l => l.Error is null) && Caller.Can(Permission.PlaceOrders))
        {
            var preview = await carts.PreviewCheckoutAsync(Caller, CustomerId, CartId, ct);
            if (preview.IsSuccess)
                FirstCharges = preview.Value.Ledger;
        }

        return PageOr(refused);
    }
}
