using Microsoft.Extensions.Configuration;
using OpenCsp.Core.Catalog;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Core.Policies;

/// <summary>
/// POL-1: every window and duration of the rulebook as a named value. A deployment chooses its set
/// (<c>Policies:Set</c>); each subscription records the set it was sold under, so a later change of the setting
/// does not rewrite past promises.
/// </summary>
public sealed record PolicySet(
    string Name,
    TimeSpan NceFullRefundWindow,
    TimeSpan NceCancellationWindow,
    TimeSpan NceSeatReductionWindow,
    TimeSpan IsvMonthlyRefundWindow,
    TimeSpan IsvAnnualRefundWindow,
    int DataDeletionDays,
    int DataDeletionMaxDays,
    int ExpiredAccessDays,
    int DisabledDays,
    int TrialDays,
    TimeSpan SoftwareSubscriptionCancellationWindow,
    TimeSpan PerpetualSoftwareCancellationWindow,
    TimeSpan DownloadLinkLifetime,
    int DownloadLinkMaxDownloads,
    TimeSpan SoftwareCancellationDelay,
    TimeSpan CartLifetime)
{
    /// <summary>The seeds' values (NCE-1, NCE-12, ISV-2/3, SUB-4, ORD-4, SW-6, SW-8, SW-12; NCE-13's expired and disabled spans from API.md B §4.2).</summary>
    public static readonly PolicySet Seed = new(
        Name: "seed",
        NceFullRefundWindow: TimeSpan.FromHours(24),
        NceCancellationWindow: TimeSpan.FromDays(30),
        NceSeatReductionWindow: TimeSpan.FromDays(30),
        IsvMonthlyRefundWindow: TimeSpan.FromHours(24),
        IsvAnnualRefundWindow: TimeSpan.FromDays(14),
        DataDeletionDays: 90,
        DataDeletionMaxDays: 120,
        ExpiredAccessDays: 30,
        DisabledDays: 90,
        TrialDays: 30,
        SoftwareSubscriptionCancellationWindow: TimeSpan.FromDays(60),
        PerpetualSoftwareCancellationWindow: TimeSpan.FromDays(60),
        DownloadLinkLifetime: TimeSpan.FromDays(14),
        DownloadLinkMaxDownloads: 50,
        SoftwareCancellationDelay: TimeSpan.FromMinutes(15),
        CartLifetime: TimeSpan.FromDays(7));

    /// <summary>What Partner Center documents today: 7 days (168 h) for NCE, 7 days for software subscriptions, 30 for perpetual.</summary>
    public static readonly PolicySet PartnerCenter2023 = Seed with
    {
        Name = "partner-center-2023",
        NceFullRefundWindow = TimeSpan.Zero,
        NceCancellationWindow = TimeSpan.FromHours(168),
        NceSeatReductionWindow = TimeSpan.FromHours(168),
        SoftwareSubscriptionCancellationWindow = TimeSpan.FromDays(7),
        PerpetualSoftwareCancellationWindow = TimeSpan.FromDays(30),
    };

    public static IReadOnlyList<PolicySet> All { get; } = [Seed, PartnerCenter2023];

    /// <summary>
    /// The one place a term's cancellation window is chosen, at purchase and at each renewal: NCE licenses (NCE-1), ISV
    /// SaaS by billing cycle (ISV-2, ISV-3), software by kind (SW-8); null for what cannot be cancelled by the partner.
    /// </summary>
    public DateTimeOffset? CancellableUntil(SubscriptionKind kind, bool perpetual, BillingCycle cycle, DateTimeOffset termPurchasedAt) => kind switch
    {
        SubscriptionKind.NceLicense => termPurchasedAt + NceCancellationWindow,
        SubscriptionKind.IsvSaaS => termPurchasedAt + (cycle == BillingCycle.Monthly ? IsvMonthlyRefundWindow : IsvAnnualRefundWindow),
        SubscriptionKind.Software => termPurchasedAt + (perpetual ? PerpetualSoftwareCancellationWindow : SoftwareSubscriptionCancellationWindow),
        _ => null,
    };

    public static PolicySet Named(string? name) =>
        All.FirstOrDefault(p => p.Name.Equals(name ?? Seed.Name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"Unknown policy set '{name}'; known: {string.Join(", ", All.Select(p => p.Name))}.");

    /// <summary>The deployment's set for new sales.</summary>
    public static PolicySet Current(IConfiguration configuration) => Named(configuration["Policies:Set"]);
}
