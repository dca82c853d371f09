using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Localization;
using OpenCsp.Core.Common;
using OpenCsp.Core.Partners;
using OpenCsp.Server.Auth;

namespace OpenCsp.Server.Dashboard;

/// <summary>
/// What every dashboard page shares: the signed-in caller for the use cases, refusals shown in the page's language
/// (the API's own error descriptions), and a message that survives the redirect after a successful POST.
/// </summary>
public abstract class DashboardPage : PageModel
{
    public Caller Caller => CallerClaims.TryRead(User) ?? throw new InvalidOperationException("The dashboard needs a signed-in user.");

    protected IStringLocalizer<Labels> L => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Labels>>();

    [TempData]
    public string? Success { get; set; }

    /// <summary>The refusal the layout shows above the page.</summary>
    public Refusal? Error { get; private set; }

    public static string Describe(Refusal refusal) => ErrorText.Describe(refusal, CultureInfo.CurrentUICulture);

    /// <summary>
    /// The page, with the refusal if there is one: "not found" becomes the not-found page (another partner's customer
    /// too); anything else is shown above the page with its status code.
    /// </summary>
    protected IActionResult PageOr(Refusal? refusal)
    {
        if (refusal is null)
            return Page();
        if (refusal.Error.Status == StatusCodes.Status404NotFound)
            return NotFoundPage(refusal);
        Error = refusal;
        Response.StatusCode = refusal.Error.Status;
        return Page();
    }

    protected IActionResult NotFoundPage(Refusal refusal) =>
        new ViewResult
        {
            ViewName = "/Dashboard/Shared/NotFound.cshtml",
            StatusCode = StatusCodes.Status404NotFound,
            ViewData = new ViewDataDictionary<string>(MetadataProvider, ModelState) { Model = Describe(refusal) },
        };

    /// <summary>The caller may not do this: the same refusal (and code) the API gives.</summary>
    protected bool Lacks(Permission permission, out Refusal refusal)
    {
        refusal = RoleMatrix.Refuse(permission);
        return !Caller.Can(permission);
    }
}
