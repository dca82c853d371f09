using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Dashboard.Account;

/// <summary>The first page a signed-out visitor sees: e-mail and password of a partner user (ROLE-1 roles in the cookie).</summary>
public sealed class SignInModel(CheckPartnerUser check, IConfiguration configuration) : PageModel
{
    [BindProperty, Required, EmailAddress]
    public string Email { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    /// <summary>The demo users' password is shown only where the demo data is seeded.</summary>
    public bool Demo => configuration.GetValue("Demo:Seed", true);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid || await check.RunAsync(Email, Password, HttpContext.RequestAborted) is not { } caller)
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var identity = new ClaimsIdentity(
            CallerClaims.For(caller.Subject, caller.PartnerId, caller.PartnerKind, caller.Roles), DashboardSetup.CookieScheme, CallerClaims.Subject, CallerClaims.Role);
        await HttpContext.SignInAsync(DashboardSetup.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/customers");
    }
}
