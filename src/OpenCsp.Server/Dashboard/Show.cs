using System.Globalization;
using Microsoft.Extensions.Localization;
using OpenCsp.Core.Subscriptions;

namespace OpenCsp.Server.Dashboard;

/// <summary>How the dashboard writes dates (UTC, ORD-6, in the page's culture), amounts and statuses.</summary>
public static class Show
{
    private static CultureInfo Culture => CultureInfo.CurrentCulture;

    public static string Date(DateTimeOffset? at) => at is { } d ? d.UtcDateTime.ToString("d", Culture) : "—";

    public static string DateTime(DateTimeOffset? at) => at is { } d ? d.UtcDateTime.ToString("g", Culture) + " UTC" : "—";

    public static string Money(decimal amount, string currency) => amount.ToString("N2", Culture) + " " + currency;

    public static string Status(IStringLocalizer l, SubscriptionStatus status) => l["Status." + status];
}
