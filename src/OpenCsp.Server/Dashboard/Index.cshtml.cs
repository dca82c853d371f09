using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenCsp.Server.Dashboard;

/// <summary>"/": the customer list for a signed-in user; the sign-in page (by the folder's authorization) otherwise.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/customers");
}
