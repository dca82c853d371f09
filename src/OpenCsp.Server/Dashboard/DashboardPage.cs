using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
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

    /// <summary>
    /// A value that does not bind (a GUID, a number, a choice, a required field) is refused before the handler runs,
    /// with a 400 that names the field — never a default that does something else.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (ModelState.FirstOrDefault(e => e.Value?.Errors.Count > 0) is { Key: { } field })
        {
            // Named as the form or query sends it (camelCase), not as the page model calls it.
            var refusal = Refusal.Of(ErrorCodes.InvalidProperty, JsonNamingPolicy.CamelCase.ConvertName(field), "a valid value");
            context.Result = new ViewResult
            {
                ViewName = "/Dashboard/Shared/BadInput.cshtml",
                StatusCode = StatusCodes.Status400BadRequest,
                ViewData = new ViewDataDictionary<string>(MetadataProvider, ModelState) { Model = Describe(refusal) },
            };
            return;
        }

        await next();
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
