using System.Text.RegularExpressions;

namespace CodRocket.Stock.Tests.Architecture;

/// <summary>
/// Pages link and redirect to each other by page name (<c>asp-page</c>, <c>RedirectToPage</c>, <c>Url.Page</c>), and
/// e-mails take their links from <c>IAppLinks</c>, so a page's address is written once, in its <c>@page</c> directive.
/// These read the source: a literal app path written again fails here, with the file and line, before any page is
/// rendered. (Before it, issue 15: 45 redirects and 96 links to literal paths, and 5 paths hard-coded in e-mail code.)
/// </summary>
public partial class RoutesByNameTests
{
    /// <summary>The first segments of the app's page addresses (lower case: page names such as "/Inventory/Alerts/Index" are not addresses).</summary>
    private const string AppSegments = "account|inventory|orders|warehouses|reports|settings|status|error";

    /// <summary>
    /// App addresses the web project may spell, each with its reason: middleware and cookie options take them as strings
    /// at startup, before any route can be generated.
    /// </summary>
    private static readonly (string File, string Literal, string Reason)[] Allowed =
    [
        ("Infrastructure/StockWebExtensions.cs", "\"/account/sign-in\"", "cookie LoginPath, set at startup"),
        ("Infrastructure/StockWebExtensions.cs", "\"/account/sign-out\"", "cookie LogoutPath, set at startup"),
        ("Infrastructure/StockWebExtensions.cs", "\"/status/403\"", "cookie AccessDeniedPath, set at startup"),
        ("Infrastructure/StockWebExtensions.cs", "\"/error\"", "UseExceptionHandler re-executes a path"),
        ("Infrastructure/StockWebExtensions.cs", "\"/status/{0}\"", "UseStatusCodePagesWithReExecute takes a path format"),
        ("Infrastructure/ControlCharacterGuard.cs", "\"/status/400\"", "middleware re-executes the 400 status page"),
    ];

    /// <summary>Static files (MapStaticAssets, not pages) may be linked by literal path; "~/..." with asp-append-version is better.</summary>
    private static readonly string[] StaticPrefixes = ["/css/", "/js/", "/lib/", "/favicon"];

    [GeneratedRegex("""(?:Local)?Redirect\(\$?@?"/""")]
    private static partial Regex LiteralRedirect();

    [GeneratedRegex("""\b(?:href|action|formaction)\s*=\s*["'](/[^"']*)""")]
    private static partial Regex LiteralLink();

    [GeneratedRegex($$"""/(?:{{AppSegments}})(?=[/?"'#{]|$)""")]
    private static partial Regex AppPathInDomain();

    /// <summary>A string literal (plain, interpolated or verbatim) that starts with an app address; group 1 is the literal.</summary>
    [GeneratedRegex($$"""\$?@?("/(?:{{AppSegments}})(?:[/?#{][^"]*)?")""")]
    private static partial Regex AppPathLiteral();

    [GeneratedRegex("""^\s*@page\s""")]
    private static partial Regex PageDirective();

    [Fact]
    public void No_page_or_redirect_in_the_web_project_is_a_literal_path()
    {
        var found = new List<string>();
        foreach (var (file, number, line) in Lines(Web, "*.cs", "*.cshtml"))
        {
            if (LiteralRedirect().IsMatch(line))
            {
                found.Add($"{file}:{number}: redirect to a literal path (use RedirectToPage): {line.Trim()}");
            }
            foreach (Match link in LiteralLink().Matches(line))
            {
                if (!StaticPrefixes.Any(p => link.Groups[1].Value.StartsWith(p, StringComparison.Ordinal)))
                {
                    found.Add($"{file}:{number}: literal link (use asp-page and asp-route-*): {line.Trim()}");
                }
            }
        }

        string.Join(Environment.NewLine, found).Should().BeEmpty();
    }

    [Fact]
    public void No_code_or_markup_of_the_pages_spells_an_app_address_except_the_allowed_ones()
    {
        var found = new List<string>();
        // The API (Api/) is left out: its paths are its route definitions (MapGroup("/orders")), under /api/v1.
        foreach (var (file, number, line) in Lines(Web, "*.cs", "*.cshtml").Where(l => !l.File.StartsWith("Api/", StringComparison.Ordinal)))
        {
            if (PageDirective().IsMatch(line))
            {
                continue; // The one place a page's address is written.
            }
            foreach (Match path in AppPathLiteral().Matches(line))
            {
                if (!Allowed.Any(a => a.File == file && a.Literal == path.Groups[1].Value))
                {
                    found.Add($"{file}:{number}: literal app address (use the page's name): {line.Trim()}");
                }
            }
        }

        string.Join(Environment.NewLine, found).Should().BeEmpty();
    }

    [Fact]
    public void The_domain_writes_no_web_address_its_e_mails_take_them_from_IAppLinks()
    {
        var found = Lines(Domain, "*.cs")
            .Where(l => !l.File.StartsWith("Data/Migrations/", StringComparison.Ordinal) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Where(l => AppPathInDomain().IsMatch(l.Text) || l.Text.Contains("$\"/", StringComparison.Ordinal))
            .Select(l => $"{l.File}:{l.Number}: {l.Text.Trim()}")
            .ToList();

        string.Join(Environment.NewLine, found).Should().BeEmpty("the web project owns the routes; the domain asks IAppLinks for an address");
    }

    [Fact]
    public void The_allowlist_holds_only_literals_that_are_still_there()
    {
        foreach (var (file, literal, reason) in Allowed)
        {
            File.ReadAllText(Path.Combine(Web, file)).Should().Contain(literal, "the allowlist entry ({0}) should go once the literal is gone", reason);
        }
    }

    [Fact]
    public void The_guard_sees_a_literal_route_when_there_is_one()
    {
        LiteralRedirect().IsMatch("""return Redirect($"/orders/{id}");""").Should().BeTrue();
        LiteralRedirect().IsMatch("""return LocalRedirect("/");""").Should().BeTrue();
        LiteralRedirect().IsMatch("""return RedirectToPage("/Orders/Details", new { id });""").Should().BeFalse();
        LiteralLink().Match("""<a class="x" href="/inventory/products/@p.Id">""").Groups[1].Value.Should().Be("/inventory/products/@p.Id");
        LiteralLink().IsMatch("""<form method="post" action='/settings'>""").Should().BeTrue();
        LiteralLink().IsMatch("""<a asp-page="/Inventory/Products/Details" asp-route-id="@p.Id">""").Should().BeFalse();
        AppPathLiteral().IsMatch("""QueryHelpers.AddQueryString("/reports", values)""").Should().BeTrue();
        AppPathLiteral().IsMatch("""var back = $"/inventory/products/{id}#forecast";""").Should().BeTrue();
        AppPathLiteral().IsMatch("""Url.Page("/Reports/Index", values)""").Should().BeFalse();
        AppPathLiteral().Match("""o.LoginPath = "/account/sign-in";""").Groups[1].Value.Should().Be("\"/account/sign-in\"");
        AppPathInDomain().IsMatch("""links.Value.Absolute($"/inventory/products/{a.ProductId}")""").Should().BeTrue();
        AppPathInDomain().IsMatch("""var path = $"{baseUrl}/account/confirm-email?user={id}";""").Should().BeTrue();
        AppPathInDomain().IsMatch("""T["Change it in Settings → Team."]""").Should().BeFalse();
        AppPathInDomain().IsMatch("""builder.ToTable("orders");""").Should().BeFalse();
    }

    private static readonly string Root = FindRoot();
    private static readonly string Web = Path.Combine(Root, "src", "CodRocket.Stock.Web");
    private static readonly string Domain = Path.Combine(Root, "src", "CodRocket.Stock");

    /// <summary>Every line of the project's source files (not bin/obj), with its path relative to <paramref name="project"/>.</summary>
    private static IEnumerable<(string File, int Number, string Text)> Lines(string project, params string[] patterns) =>
        patterns
            .SelectMany(p => Directory.EnumerateFiles(project, p, SearchOption.AllDirectories))
            .Distinct()
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(f => File.ReadLines(Path.Combine(project, f)).Select((text, i) => (f, i + 1, text)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodRocket.Stock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CodRocket.Stock.sln not found above " + AppContext.BaseDirectory);
    }
}
