using System.Globalization;
using Microsoft.AspNetCore.Localization;
using OpenCsp.Core.Common;
using OpenIddict.Validation.AspNetCore;

namespace OpenCsp.Server.Dashboard;

/// <summary>
/// The partner dashboard: Razor Pages under /Dashboard, signed in with a cookie (users of <see cref="Core.Partners.PartnerUser"/>),
/// in English, German, Dutch and Traditional Chinese. /v1 keeps its bearer tokens: one policy scheme sends each request
/// to its own sign-in, so the permission policies (ROLE-1) serve both.
/// </summary>
public static class DashboardSetup
{
    public const string CookieScheme = "Dashboard";
    private const string Smart = "OpenCsp";

    public static readonly CultureInfo[] Cultures = [.. Languages.Supported];

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Dashboard";
                // Signed in for every page; each page model names the permission it needs (ROLE-1).
                o.Conventions.AuthorizeFolder("/");
                o.Conventions.AllowAnonymousToPage("/Account/SignIn");
                o.Conventions.AllowAnonymousToPage("/Account/Language");
            })
            // A missing form or query value is "not given" (pages have defaults, Core says what is required); a value
            // that does not bind is refused by DashboardPage.
            .AddMvcOptions(o => o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddLocalization();
        services.AddAuthentication(Smart)
            .AddPolicyScheme(Smart, "API token or dashboard cookie", o => o.ForwardDefaultSelector = context =>
                IsDashboard(context.Request.Path) ? CookieScheme : OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.LoginPath = "/sign-in";
                o.LogoutPath = "/sign-out";
                o.AccessDeniedPath = "/forbidden";
                o.Cookie.Name = "opencsp.dashboard";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                // A sign-in lasts in real time: advancing the test clock must not sign the user out.
                o.TimeProvider = TimeProvider.System;
            });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // The switcher's cookie first, then the browser's Accept-Language.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>Everything but the API, the token endpoint and the anonymous download links is the dashboard's.</summary>
    public static bool IsDashboard(PathString path) =>
        !path.StartsWithSegments("/v1") && !path.StartsWithSegments("/oauth2") && !path.StartsWithSegments("/downloads");

    public static void UseDashboardLocalization(this WebApplication app) =>
        app.UseWhen(c => IsDashboard(c.Request.Path), branch => branch.UseRequestLocalization());

}
