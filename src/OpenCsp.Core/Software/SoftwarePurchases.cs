using Microsoft.EntityFrameworkCore;
using OpenCsp.Core.Activity;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Common;
using OpenCsp.Core.Customers;
using OpenCsp.Core.Data;
using OpenCsp.Core.Partners;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Software;

/// <summary>One of the files a product offers (SW-5).</summary>
public sealed record SoftwareChoice(string Version, string Language, string FileType);

/// <summary>
/// A line of the customer's Software page (SW-3): the purchase with its status (a requested cancellation shows as
/// pending until it applies, SW-12), its key masked (none once cancelled, SW-13), the files to choose from (SW-5) and
/// whether and until when it can be cancelled (SW-8, SW-9).
/// </summary>
public sealed record SoftwarePurchase(
    Subscription Subscription,
    string Status,
    string? MaskedKey,
    bool HasKeys,
    IReadOnlyList<SoftwareChoice> Files,
    DateTimeOffset? CancellableUntil,
    int? DaysLeftToCancel,
    Refusal? CancelRefusal);

/// <summary>What "Get keys and downloads" gives: the keys in clear and, for a chosen file, its link (SW-5, SW-6).</summary>
public sealed record KeysAndDownloads(SoftwarePurchase Purchase, IReadOnlyList<string> Keys, IssuedLink? Link);

public sealed record IssuedLink(string Token, DownloadLink Link, SoftwareFile File);

/// <summary>
/// The Software page's use cases: the list of software and Azure reservations bought for the customer (SW-1, SW-3),
/// keys and download links (SW-4..6) and the downloads themselves.
/// </summary>
public sealed class SoftwarePurchases(OpenCspDbContext db, TimeProvider clock, SoftwareSecrets secrets)
{
    public async Task<Result<IReadOnlyList<SoftwarePurchase>>> ListAsync(Caller caller, Guid customerId, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var bought = await db.Subscriptions.AsNoTracking()
            .Where(s => s.CustomerId == customerId && (s.ProductType == "Software" || s.ProductType == "Azure"))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        return await DescribeAsync(bought, ct);
    }

    public async Task<Result<SoftwarePurchase>> GetAsync(Caller caller, Guid customerId, Guid purchaseId, CancellationToken ct)
    {
        if (!await db.Customers.VisibleTo(caller).AnyAsync(c => c.Id == customerId, ct))
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var s = await FindAsync(customerId, purchaseId, ct);
        return s is null ? Refusal.Of(ErrorCodes.SoftwarePurchaseNotFound, purchaseId) : (await DescribeAsync([s], ct))[0];
    }

    /// <summary>
    /// SW-4..6: the purchase's activation key (created on first use, stored encrypted) and, when a file is chosen, its
    /// download link, armed for the policy's lifetime and downloads; asking again re-arms the same link. Every attempt,
    /// refused ones included, is in the activity log (SW-7).
    /// </summary>
    public async Task<Result<KeysAndDownloads>> GetKeysAndDownloadsAsync(Caller caller, Guid customerId, Guid purchaseId, SoftwareChoice? choice, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().VisibleTo(caller).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        if (customer is null)
            return Refusal.Of(ErrorCodes.CustomerNotFound, customerId);
        var s = await FindAsync(customerId, purchaseId, ct);
        if (s is null)
            return Refusal.Of(ErrorCodes.SoftwarePurchaseNotFound, purchaseId);

        var now = clock.GetUtcNow();
        // Created before the transaction: the key ring may write its first key to the database.
        var newKey = SoftwareSecrets.NewActivationKey();
        var protectedNewKey = secrets.ProtectKey(newKey);

        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        // Two first requests at once would both create the key (or the link): the second waits here and finds the first's.
        await db.LockSubscriptionsAsync(ct, s.Id);
        // Read again under the lock: an order cancellation (which takes the same lock) may have committed meanwhile.
        s = await FindAsync(customerId, purchaseId, ct) ?? s;
        var refusal = !caller.Can(Permission.GetSoftwareKeys) ? RoleMatrix.Refuse(Permission.GetSoftwareKeys).WithRule("SW-4")
            : SubscriptionLifecycle.SoftwareCancelled(s) ? Refusal.Of(ErrorCodes.SoftwarePurchaseCancelled, s.OfferName)
            : await db.SoftwareMedia.AsNoTracking().SingleOrDefaultAsync(m => m.ProductId == s.ProductId, ct) is not { HasKeys: true } ? Refusal.Of(ErrorCodes.SoftwareNoKeys, s.OfferName)
            : null;
        SoftwareFile? file = null;
        if (refusal is null && choice is not null)
        {
            file = await db.SoftwareFiles.AsNoTracking().SingleOrDefaultAsync(
                f => f.ProductId == s.ProductId && f.Version == choice.Version && f.Language == choice.Language && f.FileType == choice.FileType, ct);
            if (file is null)
                refusal = Refusal.Of(ErrorCodes.SoftwareFileNotFound, choice.Version, choice.Language, choice.FileType);
        }

        if (refusal is not null)
        {
            db.AuditRecords.Add(KeyAudit(caller, customer, s, "get_software_key", "software_key", now, "failed", ("Reason", refusal.Error.Key)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return refusal;
        }

        var key = await db.SoftwareKeys.SingleOrDefaultAsync(k => k.SubscriptionId == s.Id, ct);
        string clear;
        if (key is null)
        {
            db.SoftwareKeys.Add(new SoftwareKey { SubscriptionId = s.Id, Protected = protectedNewKey, Hint = newKey[^5..], IssuedAt = now });
            clear = newKey;
        }
        else
        {
            clear = secrets.UnprotectKey(key.Protected);
        }

        db.AuditRecords.Add(KeyAudit(caller, customer, s, "get_software_key", "software_key", now, "succeeded"));
        IssuedLink? issued = null;
        if (file is not null)
        {
            var policy = SubscriptionLifecycle.PolicyOf(s);
            var link = await db.DownloadLinks.SingleOrDefaultAsync(l => l.SubscriptionId == s.Id && l.FileId == file.Id, ct);
            if (link is null)
            {
                link = new DownloadLink { Id = Guid.NewGuid(), PartnerId = s.PartnerId, CustomerId = s.CustomerId, SubscriptionId = s.Id, FileId = file.Id, CreatedAt = now };
                db.DownloadLinks.Add(link);
            }

            // SW-6: re-arming gives the same link another full lifetime and download count.
            link.ArmedAt = now;
            link.ExpiresAt = now + policy.DownloadLinkLifetime;
            link.Downloads = 0;
            link.MaxDownloads = policy.DownloadLinkMaxDownloads;
            issued = new IssuedLink(secrets.LinkToken(link.Id), link, file);
            db.AuditRecords.Add(KeyAudit(caller, customer, s, "get_software_download_link", "software_download_link", now, "succeeded",
                ("FileName", file.FileName), ("Version", file.Version), ("Language", file.Language), ("FileType", file.FileType),
                ("ExpiresAt", Iso.Format(link.ExpiresAt)), ("DownloadsLeft", link.DownloadsLeft.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new KeysAndDownloads((await DescribeAsync([s], ct))[0], [clear], issued);
    }

    /// <summary>
    /// GET /downloads/{token}: the file, counted against the link's limit in one conditional update so concurrent
    /// downloads cannot exceed it. A forged, expired, exhausted or revoked link gets no file.
    /// </summary>
    public async Task<Result<SoftwareFile>> DownloadAsync(string token, string who, CancellationToken ct)
    {
        if (secrets.ReadLinkToken(token) is not { } linkId)
            return Refusal.Of(ErrorCodes.DownloadLinkInvalid);
        var now = clock.GetUtcNow();
        var link = await db.DownloadLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null)
            return Refusal.Of(ErrorCodes.DownloadLinkInvalid);
        if (link.RevokedAt is not null)
            return Refusal.Of(ErrorCodes.DownloadLinkRevoked);
        if (link.ExpiresAt <= now)
            return Refusal.Of(ErrorCodes.DownloadLinkExpired, Iso.Format(link.ExpiresAt)) with { PossibleUntil = link.ExpiresAt };
        var s = await db.Subscriptions.AsNoTracking().SingleAsync(x => x.Id == link.SubscriptionId, ct);
        if (SubscriptionLifecycle.SoftwareCancelled(s))
            return Refusal.Of(ErrorCodes.DownloadLinkRevoked); // SW-13, even for a link issued as the cancellation committed

        // The count and its activity record commit together: no download is counted without its record, nor the reverse.
        await using var tx = await UseCaseTransaction.BeginAsync(db, ct);
        var counted = await db.DownloadLinks
            .Where(l => l.Id == linkId && l.RevokedAt == null && l.Downloads < l.MaxDownloads && l.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Downloads, l => l.Downloads + 1), ct);
        if (counted == 0)
            return Refusal.Of(ErrorCodes.DownloadLinkExhausted, link.MaxDownloads);

        var file = await db.SoftwareFiles.AsNoTracking().SingleAsync(f => f.Id == link.FileId, ct);
        var customerName = await db.Customers.Where(c => c.Id == s.CustomerId).Select(c => c.CompanyName).SingleAsync(ct);
        db.AuditRecords.Add(Audit.Of(s.PartnerId, s.CustomerId, customerName, who, "software_download_link", link.Id.ToString(), "download_software", now, null, null,
            ("SubscriptionId", s.Id.ToString()), ("OrderId", s.OrderId?.ToString() ?? ""), ("FileName", file.FileName),
            ("Download", (link.Downloads + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return file;
    }

    private Task<Subscription?> FindAsync(Guid customerId, Guid purchaseId, CancellationToken ct) =>
        db.Subscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == purchaseId && s.CustomerId == customerId && (s.ProductType == "Software" || s.ProductType == "Azure"), ct);

    private async Task<List<SoftwarePurchase>> DescribeAsync(IReadOnlyList<Subscription> bought, CancellationToken ct)
    {
        var ids = bought.Select(s => s.Id).ToList();
        var products = bought.Select(s => s.ProductId).Distinct().ToList();
        var hints = await db.SoftwareKeys.AsNoTracking().Where(k => ids.Contains(k.SubscriptionId)).ToDictionaryAsync(k => k.SubscriptionId, k => k.Hint, ct);
        var media = await db.SoftwareMedia.AsNoTracking().Where(m => products.Contains(m.ProductId)).ToDictionaryAsync(m => m.ProductId, m => m.HasKeys, ct);
        var files = (await db.SoftwareFiles.AsNoTracking().Where(f => products.Contains(f.ProductId))
                .Select(f => new { f.ProductId, f.Version, f.Language, f.FileType }).ToListAsync(ct))
            .ToLookup(f => f.ProductId, f => new SoftwareChoice(f.Version, f.Language, f.FileType));
        var restrictions = await RestrictionsAsync(db, bought, ct);
        var now = clock.GetUtcNow();
        return bought.Select(s =>
        {
            var (refusal, until, daysLeft) = Cancellation(s, restrictions.GetValueOrDefault(s.Id), now);
            return new SoftwarePurchase(
                s,
                Status(s),
                !SubscriptionLifecycle.SoftwareCancelled(s) && hints.TryGetValue(s.Id, out var hint) ? SoftwareSecrets.Masked(hint) : null,
                media.GetValueOrDefault(s.ProductId),
                [.. files[s.ProductId].OrderBy(f => f.Version).ThenBy(f => f.Language).ThenBy(f => f.FileType)],
                until,
                daysLeft,
                refusal);
        }).ToList();
    }

    /// <summary>The cancel dialog's answer (SW-8..10): why not, or until when and how many days are left (a part day counts as one).</summary>
    public static (Refusal? Refusal, DateTimeOffset? Until, int? DaysLeft) Cancellation(Subscription s, CancellationRestriction? restriction, DateTimeOffset now)
    {
        if (SubscriptionLifecycle.SoftwareCancellable(s, restriction, now) is { } refusal)
            return (refusal, null, null);
        var until = SubscriptionLifecycle.SoftwareCancellableUntil(s);
        return (null, until, (int)Math.Ceiling((until - now).TotalDays));
    }

    /// <summary>SW-12: a requested cancellation shows as pending until the due-work engine applies it.</summary>
    public static string Status(Subscription s) => s switch
    {
        { Status: SubscriptionStatus.Deleted } => "cancelled",
        { CancellationRequestedAt: not null } => "cancellation_pending",
        _ => Naming.Kebab(s.Status.ToString()),
    };

    /// <summary>SW-9's exceptions of the SKUs the purchases were bought as, from the catalog.</summary>
    public static async Task<Dictionary<Guid, CancellationRestriction?>> RestrictionsAsync(OpenCspDbContext db, IReadOnlyList<Subscription> bought, CancellationToken ct)
    {
        var products = bought.Select(s => s.ProductId).Distinct().ToList();
        var skus = await db.Skus.AsNoTracking().Where(k => products.Contains(k.ProductId))
            .Select(k => new { k.ProductId, k.Id, k.CancellationRestriction }).ToListAsync(ct);
        return bought.ToDictionary(s => s.Id, s => skus.FirstOrDefault(k => k.ProductId == s.ProductId && k.Id == s.SkuId)?.CancellationRestriction);
    }

    private static AuditRecord KeyAudit(Caller caller, Customer customer, Subscription s, string operation, string resourceType, DateTimeOffset at, string status,
        params (string Key, string Value)[] data)
    {
        var record = Audit.Of(s.PartnerId, customer.Id, customer.CompanyName, Audit.Who(caller), resourceType, s.Id.ToString(), operation, at, null, null,
            [("SubscriptionId", s.Id.ToString()), ("OrderId", s.OrderId?.ToString() ?? ""), ("ProductName", s.OfferName), .. data]);
        record.OperationStatus = status;
        return record;
    }
}
