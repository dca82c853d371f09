using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using OpenCsp.Core.Billing;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Policies;

namespace OpenCsp.Core.Ordering;

/// <summary>The outcome of a checkout: the order it created, now or on an earlier call (a repeat returns the original).</summary>
public sealed record CheckoutResult(Order Order, Cart Cart);

/// <summary>
/// ORD-1's cart: create and replace it (every line checked and its error kept on the line, the cart itself is never
/// refused for a bad line), read it, and check it out once. Checkout refuses a cart with line errors, an expired one,
/// and one that another request is checking out; a repeat of a finished checkout returns its order.
/// </summary>
public sealed class Carts(OpenCspDbContext db, TimeProvider clock, IConfiguration configuration, OrderLineRules rules, PlaceOrder placeOrder)
{
    public async Task<Result<Cart>> CreateAsync(Caller caller, Guid customerId, IReadOnlyList<OrderLineInput> lines, CancellationToken ct)
    {
        var customer = await CustomerAsync(caller, customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var now = clock.GetUtcNow();
        var cart = new Cart
        {
            Id = Guid.NewGuid(),
            PartnerId = customer.PartnerId,
            CustomerId = customer.Id,
            CreatedAt = now,
            LastModifiedAt = now,
            ExpiresAt = now + PolicySet.Current(configuration).CartLifetime,
            LastModifiedUser = caller.Subject,
            Status = CartStatus.Active,
            Version = 1,
        };
        cart.Lines = await CheckLinesAsync(caller, customer, lines, ct);
        db.Carts.Add(cart);
        await db.SaveChangesAsync(ct);
        return cart;
    }

    public Task<Result<Cart>> GetAsync(Caller caller, Guid customerId, Guid cartId, CancellationToken ct) =>
        FindAsync(caller, customerId, cartId, tracked: false, ct);

    public async Task<Result<Cart>> ReplaceAsync(
        Caller caller, Guid customerId, Guid cartId, IReadOnlyList<OrderLineInput> lines, int? expectedVersion, CancellationToken ct)
    {
        var found = await FindAsync(caller, customerId, cartId, tracked: true, ct);
        if (!found.IsSuccess)
            return found.Refusal!;
        var cart = found.Value;
        if (expectedVersion is { } expected && expected != cart.Version)
            return Refusal.Of(ErrorCodes.StaleEtag);
        if (cart.Status == CartStatus.Ordered)
            return Refusal.Of(ErrorCodes.CartOrdered, cartId);
        if (clock.GetUtcNow() >= cart.ExpiresAt)
            return Refusal.Of(ErrorCodes.CartExpired, cartId, cart.ExpiresAt);
        var customer = (await CustomerAsync(caller, customerId, ct))!;
        cart.Lines = await CheckLinesAsync(caller, customer, lines, ct);
        cart.LastModifiedAt = clock.GetUtcNow();
        cart.LastModifiedUser = caller.Subject;
        cart.Version++;
        if (!await db.TrySaveChangesAsync(ct))
            return Refusal.Of(ErrorCodes.CartBusy, cartId);

        return cart;
    }

    /// <summary>
    /// "Add to cart": into the open cart if there is one (the same item, term, cycle and base twice is one line with the
    /// licenses added up), else into a new cart.
    /// </summary>
    public async Task<Result<Cart>> AddLineAsync(Caller caller, Guid customerId, Guid? cartId, OrderLineInput added, CancellationToken ct)
    {
        if (cartId is not { } id || await GetAsync(caller, customerId, id, ct) is not { IsSuccess: true, Value: { Status: CartStatus.Active } open })
            return await CreateAsync(caller, customerId, [added with { Number = 0 }], ct);
        var lines = open.Lines.Select(Input).ToList();
        var same = lines.FindIndex(l => l.CatalogItemId == added.CatalogItemId && l.TermDuration == added.TermDuration
                                        && l.BillingCycle == added.BillingCycle && l.ParentSubscriptionId == added.ParentSubscriptionId);
        if (same < 0)
            lines.Add(added with { Number = lines.Count });
        else
            lines[same] = lines[same] with { Quantity = lines[same].Quantity + added.Quantity };
        return await ReplaceAsync(caller, customerId, id, lines, open.Version, ct);
    }

    /// <summary>
    /// A checkout's dry run (API.md A3): the same checks and the same order, subscriptions and ledger lines, all rolled
    /// back. A refusal is the one the real checkout would give.
    /// </summary>
    public async Task<Result<(Order Order, IReadOnlyList<LedgerEntry> Ledger)>> PreviewCheckoutAsync(Caller caller, Guid customerId, Guid cartId, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var result = await CheckoutAsync(caller, customerId, cartId, ct);
            if (!result.IsSuccess)
                return result.Refusal!;
            var order = result.Value.Order;
            var ledger = await db.Ledger.AsNoTracking().Where(l => l.OrderId == order.Id).OrderBy(l => l.PostedAt).ToListAsync(ct);
            return (order, ledger);
        }
        finally
        {
            await tx.RollbackAsync(ct);
            db.DiscardPendingChanges();
        }
    }

    public async Task<Result<CheckoutResult>> CheckoutAsync(Caller caller, Guid customerId, Guid cartId, CancellationToken ct)
    {
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        if (await CustomerAsync(caller, customerId, ct) is not { } customer)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var found = await CartOfAsync(customerId, cartId, tracked: true, ct);
        if (!found.IsSuccess)
            return found.Refusal!;
        var cart = found.Value;
        if (cart.Status == CartStatus.Ordered)
            return await OriginalAsync(cart, ct);
        if (clock.GetUtcNow() >= cart.ExpiresAt)
            return Refusal.Of(ErrorCodes.CartExpired, cartId, cart.ExpiresAt);
        if (cart.Lines.Count == 0)
            return Refusal.Of(ErrorCodes.CartEmpty);

        var checkedLines = await rules.CheckAsync(caller, customer, cart.Lines.Select(Input).ToList(), ct);
        cart.Lines = Annotate(cart.Lines, checkedLines);
        if (PlaceOrder.FirstError(checkedLines) is { } error)
        {
            // Nothing is bought; the cart keeps each line's error for the partner to fix (unless it was changed meanwhile).
            if (!await db.TrySaveChangesAsync(ct))
                return Refusal.Of(ErrorCodes.CartBusy, cartId);
            await tx.CommitAsync(ct);
            return error;
        }

        // Claim the cart: a concurrent checkout of it fails on the version and then finds it ordered.
        cart.Status = CartStatus.Ordered;
        cart.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another checkout of this cart won; once it has committed, its order is this call's answer too. Only the cart
            // is let go: other tracked rows (the request's idempotency record) must still be saved.
            db.Entry(cart).State = EntityState.Detached;
            var winner = await FindAsync(caller, customerId, cartId, tracked: false, ct);
            return winner is { IsSuccess: true, Value.Status: CartStatus.Ordered } ? await OriginalAsync(winner.Value, ct) : Refusal.Of(ErrorCodes.CartBusy, cartId);
        }

        var placed = await placeOrder.CreateAsync(caller, customer, checkedLines, cart, ct);
        if (!placed.IsSuccess)
        {
            // Lost a one-per-customer race (CAT-3): the cart goes back to active, unbought.
            cart.Status = CartStatus.Active;
            cart.Version++;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return placed.Refusal!;
        }

        await tx.CommitAsync(ct);
        return new CheckoutResult(placed.Value, cart);
    }

    private async Task<Result<CheckoutResult>> OriginalAsync(Cart cart, CancellationToken ct) =>
        await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == cart.OrderId, ct) is { } order
            ? new CheckoutResult(order, cart)
            : Refusal.Of(ErrorCodes.CartBusy, cart.Id); // claimed by a checkout that has not finished

    private async Task<List<CartLine>> CheckLinesAsync(Caller caller, Customer customer, IReadOnlyList<OrderLineInput> lines, CancellationToken ct)
    {
        var numbered = lines.Select((l, i) => l with { Number = i }).ToList();
        var checkedLines = await rules.CheckAsync(caller, customer, numbered, ct);
        return Annotate(numbered.Select(l => new CartLine
        {
            Id = l.Number,
            CatalogItemId = l.CatalogItemId ?? "",
            FriendlyName = l.FriendlyName,
            Quantity = l.Quantity,
            BillingCycle = l.BillingCycle ?? Catalog.BillingCycle.Monthly,
            TermDuration = l.TermDuration,
            ParentSubscriptionId = l.ParentSubscriptionId,
        }).ToList(), checkedLines);
    }

    private static List<CartLine> Annotate(List<CartLine> lines, IReadOnlyList<CheckedLine> checkedLines)
    {
        foreach (var line in lines)
        {
            var result = checkedLines.Single(c => c.Input.Number == line.Id);
            line.Currency = result.Availability?.Currency;
            line.Error = result.Error is { } e
                ? new LineError { ErrorKey = e.Error.Key, Args = [.. e.Args.Select(a => a is DateTimeOffset d ? Iso.Format(d) : Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "")] }
                : null;
        }

        return [.. lines];
    }

    /// <summary>A cart line as the order line it will become.</summary>
    public static OrderLineInput Input(CartLine l) =>
        new(l.Id, l.CatalogItemId, l.Quantity, l.BillingCycle, l.TermDuration, l.FriendlyName, l.ParentSubscriptionId);

    private Task<Customer?> CustomerAsync(Caller caller, Guid customerId, CancellationToken ct) =>
        db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);

    /// <summary>A cart of a customer the caller may see; another partner's customer is "not found" before its carts are.</summary>
    private async Task<Result<Cart>> FindAsync(Caller caller, Guid customerId, Guid cartId, bool tracked, CancellationToken ct) =>
        await CustomerAsync(caller, customerId, ct) is null
            ? Refusal.Of(ErrorCodes.CustomerNotFound, customerId)
            : await CartOfAsync(customerId, cartId, tracked, ct);

    private async Task<Result<Cart>> CartOfAsync(Guid customerId, Guid cartId, bool tracked, CancellationToken ct)
    {
        var carts = tracked ? db.Carts : db.Carts.AsNoTracking();
        return await carts.SingleOrDefaultAsync(c => c.Id == cartId && c.CustomerId == customerId, ct) is { } cart
            ? cart
            : Refusal.Of(ErrorCodes.CartNotFound, cartId);
    }
}
