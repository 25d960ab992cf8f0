using CodRocket.Stock.Data;
using CodRocket.Stock.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CodRocket.Stock.Testing;

/// <summary>
/// The real app on a real PostgreSQL with the real migrations. One per test assembly; tests stay independent by
/// each working in stores of their own (the tenant boundary is what keeps them apart).
/// </summary>
public class StockApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery";
    private TestDatabase? _database;

    /// <summary>Kestrel on a free port instead of the in-memory server, so a browser can reach the app.</summary>
    protected virtual bool RealServer => false;

    public string ConnectionString => _database!.ConnectionString;

    /// <summary>The SMTP server the app sends e-mail to.</summary>
    public SmtpSink Mail { get; } = new();

    /// <summary>The HTTP endpoint the app's Twilio client posts SMS to.</summary>
    public FakeTwilio Sms { get; private set; } = null!;

    /// <summary>The Content SID of the approved WhatsApp template the app is configured with.</summary>
    public const string WhatsAppTemplate = "HX00000000000000000000000000000001";

    /// <summary>Run Hangfire's server in the app. Off by default: tests run delivery jobs themselves.</summary>
    protected virtual bool RunJobs => false;

    public Uri ServerAddress { get; private set; } = new("http://localhost");

    /// <summary>Keys looked up in French (or any non-English culture) without a translation, since the app started.</summary>
    public MissingTranslations MissingTranslations { get; } = new();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(GetType().Name);
        Mail.Start();
        Sms = await FakeTwilio.StartAsync();
        if (RealServer)
        {
            UseKestrel(0);
        }
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        if (RealServer && addresses?.Addresses.FirstOrDefault() is { } address)
        {
            ServerAddress = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(WebProjectDirectory());
        builder.UseEnvironment("Testing");
        // As in Development (scripts/run.sh): a scoped service resolved from the root provider fails here too, not only there.
        builder.UseDefaultServiceProvider(o => { o.ValidateScopes = true; o.ValidateOnBuild = true; });
        // Serve wwwroot from the build output as in development, so pages get their CSS in browser tests.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Stock", _database!.ConnectionString);
        builder.UseSetting("App:MigrateOnStartup", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("App:PublicBaseUrl", "https://stock.test");
        builder.UseSetting("Jobs:RunServer", RunJobs ? "true" : "false");
        // Every test signs in from the same address: the per-address limits have tests of their own.
        builder.UseSetting("Account:RateLimit:SignInPerMinute", "1000000");
        builder.UseSetting("Account:RateLimit:SignUpPerHour", "1000000");
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
        builder.UseSetting("Smtp:TimeoutSeconds", "5");
        builder.UseSetting("Twilio:AccountSid", "ACtest0000000000000000000000000000");
        builder.UseSetting("Twilio:AuthToken", "test-token");
        builder.UseSetting("Twilio:From", "+15005550006");
        builder.UseSetting("Twilio:ApiBaseUrl", Sms.BaseUrl);
        builder.UseSetting("Twilio:WhatsAppFrom", "+14155238886");
        builder.UseSetting("Twilio:WhatsAppTemplate", WhatsAppTemplate);
        // In-process requests have no client address, so every test shares one: failed key lookups are limited in
        // an app of their own (ApiAbuseLimitTests), not across the whole run.
        builder.UseSetting("Api:RateLimit:FailedKeyLookupsPerMinute", "100000");
        // Webhook tests post to a receiver on this machine; the SSRF guard has tests of its own with this off.
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        if (RealServer)
        {
            builder.UseSetting("urls", "http://127.0.0.1:0");
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ResourceManagerStringLocalizerFactory>();
            services.AddSingleton<IStringLocalizerFactory>(provider =>
                MissingTranslations.Wrap(provider.GetRequiredService<ResourceManagerStringLocalizerFactory>()));
        });
    }

    /// <summary>src/CodRocket.Stock.Web, found from the running assembly (tests and bench run from artifacts/).</summary>
    private static string WebProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "CodRocket.Stock.Web");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("src/CodRocket.Stock.Web not found above " + AppContext.BaseDirectory);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
        if (Sms is not null)
        {
            await Sms.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a store and its owner directly (no HTTP), the way sign-up does.</summary>
    public async Task<TestStore> CreateStoreAsync(string? name = null, string? ownerEmail = null, string language = Languages.Default)
    {
        await using var scope = Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var store = new Tenant(name ?? "Store " + Guid.NewGuid().ToString("N")[..6], TimeProvider.System.GetUtcNow(), language);
        services.GetRequiredService<ITenantContext>().Set(store.Id, null);
        var db = services.GetRequiredService<StockDbContext>();
        db.Tenants.Add(store);
        await db.SaveChangesAsync();
        var email = ownerEmail ?? $"owner-{store.Id:N}@example.test";
        var owner = new StoreUser(store.Id, email, "Owner " + store.Name, StoreRole.Owner, TimeProvider.System.GetUtcNow());
        owner.MarkJoined(TimeProvider.System.GetUtcNow());
        owner.ConfirmEmail(); // an owner who followed the confirmation link
        var created = await services.GetRequiredService<UserManager<StoreUser>>().CreateAsync(owner, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        return new TestStore(store.Id, owner.Id, email, store.Name);
    }

    /// <summary>Runs <paramref name="action"/> in a fresh scope acting for <paramref name="tenantId"/>.</summary>
    public async Task<T> InStoreAsync<T>(Guid tenantId, Func<IServiceProvider, Task<T>> action, Guid? userId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId, userId);
        return await action(scope.ServiceProvider);
    }

    public Task InStoreAsync(Guid tenantId, Func<IServiceProvider, Task> action) =>
        InStoreAsync<bool>(tenantId, async services =>
        {
            await action(services);
            return true;
        });

    /// <summary>An HTTP client signed in as the store's owner through the real sign-in form.</summary>
    public async Task<StoreClient> SignInAsync(TestStore store)
    {
        var client = new StoreClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await client.PostFormAsync("/account/sign-in", new() { ["Input.Email"] = store.Email, ["Input.Password"] = Password });
        if (response.Status != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in failed for {store.Email}: {response.Status}");
        }
        return client;
    }
}

public sealed record TestStore(Guid TenantId, Guid OwnerId, string Email, string Name);
