using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests.Crawl;

/// <summary>
/// Walks the app in a signed-in browser tab the way a merchant clicks through it: from the dashboard, every link of
/// the sidebar, the top bar and the pages' content, a few clicks deep, one page per kind of address (a product page
/// stands for all products). On each page it follows the pager, downloads the exports and checks the POST forms; all
/// along it records every response of 400 or more, every console error and every script error as a problem.
/// </summary>
public sealed partial class SiteCrawler
{
    private const int MaxDepth = 3;
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly IPage _page;
    private readonly string _language;
    private readonly HashSet<string> _shapes = [];
    private readonly System.Diagnostics.Stopwatch _clock = new();
    private readonly System.Diagnostics.Stopwatch _step = new();
    private readonly List<string> _problems = [];
    private string _where = "(start)";

    public SiteCrawler(IPage page, string language)
    {
        _page = page;
        _language = language;
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Report($"{response.Status} for {response.Request.Method} {response.Url} (on {_where})");
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Report($"console error on {_where}: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Report($"script error on {_where}: {error}");
    }

    /// <summary>What went wrong, in order (event handlers add to it from Playwright's thread).</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Each page with the milliseconds it took to load and to check.</summary>
    public List<string> Timings { get; } = [];
    public List<string> Visited { get; } = [];
    public List<string> PagersFollowed { get; } = [];
    public List<string> Downloads { get; } = [];
    public int PostForms { get; private set; }

    /// <summary>
    /// Breadth first from the dashboard, then <paramref name="first"/>: pages that should stand for their kind (a
    /// product with pages of movements and history stands for all product pages).
    /// </summary>
    public async Task CrawlAsync(params string[] first)
    {
        var queue = new Queue<(string Url, int Depth)>([("/", 0), .. first.Select(url => (url, 1))]);
        while (queue.TryDequeue(out var next))
        {
            if (!_shapes.Add(Shape(next.Url)))
            {
                continue;
            }
            var links = await VisitAsync(next.Url);
            if (next.Depth < MaxDepth)
            {
                foreach (var link in links)
                {
                    queue.Enqueue((link, next.Depth + 1));
                }
            }
        }
    }

    /// <summary>Opens <paramref name="url"/>, checks it, and answers the links worth following from it.</summary>
    private async Task<IReadOnlyList<string>> VisitAsync(string url)
    {
        _where = url;
        _clock.Restart();
        IResponse? response;
        try
        {
            response = await _page.GotoAsync(url);
        }
        catch (PlaywrightException e) when (e.Message.Contains("Download is starting", StringComparison.Ordinal))
        {
            Report($"{url} is a download the crawl does not know: name it handler=export or handler=csv");
            return [];
        }
        Visited.Add(url);
        var loaded = _clock.ElapsedMilliseconds;
        if (response is null || response.Status >= 400 || !(response.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/html", StringComparison.Ordinal))
        {
            return [];
        }
        var lang = await _page.Locator("html").GetAttributeAsync("lang");
        if (lang != _language)
        {
            Report($"{url} is in '{lang}', not '{_language}'");
        }
        await CheckPostFormsAsync();
        var hrefs = await _page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.sidebar a[href], .topbar a[href], main a[href]')].map(a => a.getAttribute('href'))");
        var links = new List<string>();
        foreach (var href in hrefs.Distinct())
        {
            if (ToLocal(href) is not { } local)
            {
                continue;
            }
            if (IsDownload(local))
            {
                // One download per export, whatever the filter.
                if (_shapes.Add("download " + Shape(local).Split('?')[0] + " " + Query(local)["handler"]))
                {
                    await DownloadAsync(href);
                }
            }
            else if (!local.StartsWith("/account/", StringComparison.Ordinal) && !local.StartsWith("/hangfire", StringComparison.Ordinal)
                     && !Query(local).ContainsKey("p"))
            {
                // Pager links are followed by FollowPagerAsync, from page 1 only.
                links.Add(local);
            }
        }
        await FollowPagerAsync();
        Timings.Add($"{url}: loaded in {loaded} ms, checked in {_clock.ElapsedMilliseconds - loaded} ms");
        return links;
    }

    /// <summary>Every POST form carries an antiforgery token (a form without one answers a bare 400).</summary>
    private async Task CheckPostFormsAsync()
    {
        var forms = await _page.EvaluateAsync<string[][]>(
            """
            () => [...document.forms].filter(f => (f.getAttribute('method') || '').toLowerCase() === 'post')
                .map(f => [f.getAttribute('action') || '(this page)', f.querySelector('input[name="__RequestVerificationToken"]') ? 'token' : 'none'])
            """);
        PostForms += forms.Length;
        foreach (var form in forms.Where(f => f[1] != "token"))
        {
            Report($"POST form to {form[0]} on {_where} has no antiforgery token");
        }
    }

    /// <summary>Page 1's Next link leads to page 2 of the same total, with other rows.</summary>
    private async Task FollowPagerAsync()
    {
        var pager = _page.Locator("nav[data-testid=pager]").First;
        var next = pager.Locator("a[rel=next]");
        if (await next.CountAsync() == 0 || await pager.Locator("a[rel=prev]").CountAsync() > 0 || !_shapes.Add("pager " + Shape(_page.Url).Split('?')[0]))
        {
            return;
        }
        var where = _where;
        var rows = _page.Locator("xpath=//nav[@data-testid='pager']/ancestor::div[contains(concat(' ', @class, ' '), ' card ')][1]//tbody/tr");
        var first = await rows.AllInnerTextsAsync();
        var firstLabel = await pager.Locator("[aria-current=page]").InnerTextAsync();
        _where = where + " → Next";
        await next.ClickAsync();
        await _page.WaitForLoadStateAsync();
        var second = await rows.AllInnerTextsAsync();
        var secondLabel = await pager.Locator("[aria-current=page]").InnerTextAsync();
        PagersFollowed.Add(where);
        var (page1, total1) = PageOf(firstLabel);
        var (page2, total2) = PageOf(secondLabel);
        if (page1 != 1 || page2 != 2 || total1 != total2)
        {
            Report($"pager of {where}: \"{firstLabel}\" then \"{secondLabel}\"");
        }
        if (second.Count == 0 || second.All(first.Contains))
        {
            Report($"pager of {where}: page 2 shows no other rows than page 1");
        }
        _where = where;
    }

    private async Task DownloadAsync(string href)
    {
        var link = _page.Locator($"a[href=\"{href.Replace("\"", "\\\"", StringComparison.Ordinal)}\"]").First;
        var download = await _page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var name = $"{download.SuggestedFilename} from {_where}";
        Downloads.Add(name);
        if (await download.FailureAsync() is { } failure)
        {
            Report($"download {name} failed: {failure}");
            return;
        }
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        if (!bytes.AsSpan().StartsWith(Bom))
        {
            Report($"download {name} does not start with a UTF-8 byte order mark");
        }
        try
        {
            using var reader = CsvReader.Create(bytes[Math.Min(3, bytes.Length)..], CsvReaderOptions.Default);
            reader.ReadHeader();
            var columns = reader.Headers?.Count ?? 0;
            var records = 0;
            while (reader.Read())
            {
                records++;
                if (reader.FieldCount != columns)
                {
                    Report($"download {name}: record {records} has {reader.FieldCount} fields, the header {columns}");
                    break;
                }
            }
            if (columns < 2)
            {
                Report($"download {name}: {columns} columns");
            }
            Downloads[^1] += $" ({records} rows)";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Report($"download {name} does not parse as CSV: {e.Message}");
        }
    }

    /// <summary>What a page says when the form did what its button says: the success message of the status area.</summary>
    public const string Confirmation = ".alert-success[role=status]";

    /// <summary>Each form submitted and where it landed, in order.</summary>
    public List<string> Submitted { get; } = [];

    /// <summary>
    /// On <paramref name="url"/>, runs <paramref name="prepare"/> if given (fill a field, open a dropdown), then clicks
    /// the submit button <paramref name="submit"/>; expects to land on <paramref name="landsOn"/> with its success message
    /// (or what <paramref name="shows"/> says: the next step of a form of several steps).
    /// </summary>
    public async Task<bool> SubmitAsync(string url, string submit, string landsOn, Func<IPage, Task>? prepare = null, string shows = Confirmation)
    {
        _step.Restart();
        _where = $"{url} (submitting {submit})";
        await _page.GotoAsync(url);
        return await StepFromHereAsync(submit, landsOn, shows, prepare);
    }

    /// <summary>
    /// On the page the browser is on, runs <paramref name="prepare"/> if given, clicks the submit button
    /// <paramref name="submit"/> (its form must carry an antiforgery token) and expects the page it lands on to be
    /// <paramref name="landsOn"/> (a path; "{id}" stands for any id) showing <paramref name="shows"/> (a selector): the
    /// success message, or the next step of a form of several steps (a preview, a confirmation).
    /// </summary>
    public Task<bool> StepAsync(string submit, string landsOn, string shows = Confirmation, Func<IPage, Task>? prepare = null)
    {
        _step.Restart();
        return StepFromHereAsync(submit, landsOn, shows, prepare);
    }

    private async Task<bool> StepFromHereAsync(string submit, string landsOn, string shows, Func<IPage, Task>? prepare)
    {
        var from = new Uri(_page.Url).AbsolutePath;
        _where = $"{from} (submitting {submit})";
        var button = _page.Locator(submit).First;
        if (await button.CountAsync() == 0)
        {
            Report($"no {submit} on {from}");
            return false;
        }
        if (await button.Locator("xpath=ancestor::form[1]//input[@name='__RequestVerificationToken']").CountAsync() == 0)
        {
            Report($"the form of {submit} on {from} has no antiforgery token");
        }
        if (prepare is not null)
        {
            await prepare(_page);
        }
        await ClickAndLoadAsync(button);
        var landed = new Uri(_page.Url).AbsolutePath;
        if (!SamePage(landed, landsOn))
        {
            Report($"submitting {submit} on {from} landed on {landed}, not on {landsOn}");
        }
        try
        {
            await _page.Locator(shows).First.WaitForAsync(new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            var text = await _page.Locator("body").InnerTextAsync();
            Report($"submitting {submit} on {from} showed no {shows}; landed on {_page.Url}: {text[..Math.Min(300, text.Length)]}");
            return false;
        }
        Submitted.Add($"{submit} on {from} → {landed} in {_step.ElapsedMilliseconds} ms");
        return true;
    }

    /// <summary>The path <paramref name="landed"/> is <paramref name="expected"/>, where "{id}" in it stands for any id.</summary>
    private static bool SamePage(string landed, string expected) =>
        expected.Contains("{id}", StringComparison.Ordinal)
            ? IdRegex().Replace(landed, "{id}") == expected
            : string.Equals(landed, expected, StringComparison.Ordinal);

    /// <summary>Switches the app's language with the top bar's switcher (a POST form).</summary>
    public async Task SwitchLanguageAsync()
    {
        _where = "language switcher";
        await _page.GotoAsync("/");
        await _page.Locator(".language-menu button.dropdown-toggle").ClickAsync();
        await ClickAndLoadAsync(_page.Locator($".language-menu button[name=language][value={_language}]"));
    }

    /// <summary>
    /// Clicks a submit button and waits for the page the POST leads to: the page it redirects to, or the page it answers
    /// itself (a preview, a form shown again).
    /// </summary>
    private async Task ClickAndLoadAsync(ILocator button)
    {
        await _page.RunAndWaitForResponseAsync(() => button.ClickAsync(),
            r => r.Request.ResourceType == "document" && r.Status is < 300 or >= 400);
        await _page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }

    private void Report(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>"Page 2 of 3" in any language: the first two numbers.</summary>
    private static (int Page, int Total) PageOf(string label)
    {
        var numbers = NumberRegex().Matches(label).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return numbers.Count >= 2 ? (numbers[0], numbers[1]) : (-1, -1);
    }

    private static bool IsDownload(string local) =>
        local.Contains("handler=export", StringComparison.OrdinalIgnoreCase) || local.Contains("handler=csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path and query of a link to this app (not a fragment, not another site), else null.</summary>
    private string? ToLocal(string? href)
    {
        if (string.IsNullOrWhiteSpace(href) || href.StartsWith('#') || href.StartsWith("mailto:", StringComparison.Ordinal) || href.StartsWith("javascript:", StringComparison.Ordinal))
        {
            return null;
        }
        var url = new Uri(new Uri(_page.Url), href);
        return url.Authority == new Uri(_page.Url).Authority ? url.PathAndQuery : null;
    }

    private static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(string local) =>
        QueryHelpers.ParseQuery(new Uri(new Uri("http://app"), local).Query);

    /// <summary>One address per kind of page: ids become {id}, query values are dropped.</summary>
    private static string Shape(string url)
    {
        var uri = new Uri(new Uri("http://app"), url);
        var keys = QueryHelpers.ParseQuery(uri.Query).Keys.Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal);
        return IdRegex().Replace(uri.AbsolutePath, "{id}") + "?" + string.Join('&', keys);
    }

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b\d+\b")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberRegex();
}
