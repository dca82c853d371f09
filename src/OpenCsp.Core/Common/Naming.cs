namespace OpenCsp.Core.Common;

public static class Naming
{
    /// <summary>PascalCase to kebab case, the form of roles and kinds on the command line and in tokens: AdminAgent → admin-agent.</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
