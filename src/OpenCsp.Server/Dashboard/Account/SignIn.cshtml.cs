using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Dashboard.Account;

/// <summary>The first page a signed-out visitor sees: e-mail and password of a partner user (ROLE-1 roles in the cookie).</summary>
public sealed class SignInModel(CheckPartnerUser check) : PageModel
{
    [BindProperty, Required, EmailAddress]
    public string Email { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid || await check.RunAsync(Email, Password, HttpContext.RequestAborted) is not { } signedIn)
        {
            Failed = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var (user, caller) = signedIn;
        var claims = CallerClaims.For(caller.Subject, caller.PartnerId, caller.PartnerKind, caller.Roles)
            .Append(new Claim("name", user.DisplayName));
        var identity = new ClaimsIdentity(claims, DashboardSetup.CookieScheme, CallerClaims.Subject, CallerClaims.Role);
        await HttpContext.SignInAsync(DashboardSetup.CookieScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/customers");
    }
}
