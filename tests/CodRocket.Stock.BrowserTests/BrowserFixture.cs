using CodRocket.Stock.Testing;
using Microsoft.Playwright;

namespace CodRocket.Stock.BrowserTests;

/// <summary>The app on a real Kestrel port, and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly KestrelStockApp _app = new();
    private IPlaywright? _playwright;

    public StockApp App => _app;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder, or SCREENSHOTS_DIR when set.</summary>
    public static string ScreenshotsDir =>
        Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        await _app.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-gpu"],
        });
        Directory.CreateDirectory(ScreenshotsDir);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Locale = "en-US",
        });
        return await context.NewPageAsync();
    }

    /// <summary>A page signed in as the store's owner through the sign-in form.</summary>
    public async Task<IPage> SignedInPageAsync(TestStore store)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(store.Email);
        await page.GetByLabel("Password").FillAsync(StockApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// An HTTP client signed in as the store's owner against the real Kestrel server (not the in-memory test server):
    /// a response that aborts half-way fails here as it fails for a browser.
    /// </summary>
    public async Task<StoreClient> KestrelClientAsync(TestStore store)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new System.Net.CookieContainer() };
        var client = new StoreClient(new HttpClient(handler) { BaseAddress = _app.ServerAddress });
        var signedIn = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = StockApp.Password });
        if (signedIn.Status != System.Net.HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in failed for {store.Email}: {signedIn.Status}");
        }
        return client;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotsDir, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _app.DisposeAsync();
    }

    private sealed class KestrelStockApp : StockApp
    {
        protected override bool RealServer => true;
    }
}
