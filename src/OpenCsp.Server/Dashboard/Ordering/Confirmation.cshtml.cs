using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using OpenCsp.Core.Ordering;
using OpenCsp.Core.Partners;

namespace OpenCsp.Server.Dashboard.Ordering;

/// <summary>After buying: the order with each line's number of licenses to confirm, and "Done" back to the subscriptions (seed 001).</summary>
[Authorize(Policy = nameof(Permission.ReadCustomers))]
public sealed class ConfirmationModel(OrderQueries orders) : DashboardPage
{
    [FromRoute]
    public Guid CustomerId { get; set; }

    [FromRoute]
    public Guid OrderId { get; set; }

    public Order Order { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        var order = await orders.OrderAsync(Caller, CustomerId, OrderId, HttpContext.RequestAborted);
        if (!order.IsSuccess)
            return NotFoundPage(order.Refusal!);
        Order = order.Value;
        return Page();
    }
}
