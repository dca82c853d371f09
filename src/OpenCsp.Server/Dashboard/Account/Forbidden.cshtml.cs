using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenCsp.Server.Dashboard.Account;

public sealed class ForbiddenModel : PageModel
{
    public void OnGet()
    {
    }
}
