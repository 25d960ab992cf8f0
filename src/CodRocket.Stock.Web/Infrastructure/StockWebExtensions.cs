using CodRocket.Stock.Notifications;
using CodRocket.Stock.Tenancy;
using CodRocket.Stock.Web.Api;
using CodRocket.Stock.Web.Localization;
using CodRocket.Stock.Web.Notifications;
using CodRocket.Stock.Web.Operations;
using CodRocket.Stock.Web.Tenancy;
using CodRocket.Stock.Web.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CodRocket.Stock.Web.Infrastructure;

public static class StockWebExtensions
{
    public const string ManageStorePolicy = "ManageStore";

    public static WebApplicationBuilder AddStockWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddStockLogging();

        builder.AddBrowserSecurity();
        // MapStaticAssets watches wwwroot for edits whenever it serves the build manifest (dotnet run, tests): it then
        // sends every file with Cache-Control: no-cache, and a file whose time stamp differs from the manifest's goes
        // out "gzip" at compression level none (bootstrap.min.css: 232 KB on the wire instead of 31 KB). Serve what
        // the build compressed and fingerprinted, as a published app does; ReloadStaticAssetsAtRuntime=true restores it.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        services.AddOptions<AppOptions>().BindConfiguration(AppOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddStock(builder.Configuration);
        HttpWebhookSender.AddWebhookSender(services, builder.Environment);
        builder.AddStockJobs();
        builder.AddNotificationMode();
        builder.AddStockOperations();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<DemoOrderHistory>();
        services.AddScoped<StoreRegistration>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<ActivityLog>();
        services.AddHttpContextAccessor();
        services.AddScoped<SessionSignOut>();
        services.AddSingleton<IAppLinks, AppLinks>();
        services.AddSingleton<IEmailTemplates, RazorEmailTemplates>();
        services.AddAccountRateLimiting();

        builder.AddStockDataProtection();

        AddIdentity(services);
        services.AddStockApi();

        services.AddStockLocalization();
        services.AddRouting(o => o.LowercaseUrls = true);
        // Pages compressed on the fly (static files are precompressed at build): the products list is ~27 KB of HTML,
        // ~5 KB compressed, which is most of a phone's first paint on a slow connection. HTML only — API clients and
        // downloads are left alone. Over HTTPS too: the one secret a page carries, the antiforgery token, is encrypted
        // anew (random IV) in every response, so a BREACH-style guess has nothing stable to converge on.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/html"];
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AllowAnonymousToFolder("/Account");
                o.Conventions.AllowAnonymousToPage("/Error");
                o.Conventions.AllowAnonymousToPage("/Status");
                o.Conventions.AuthorizeFolder("/Settings", ManageStorePolicy);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        return builder;
    }

    private static void AddIdentity(IServiceCollection services)
    {
        services.AddIdentityCore<StoreUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length beats composition rules (NIST SP 800-63B); the form says so.
                o.Password.RequiredLength = 8;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddUserStore<StoreUserStore>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StoreClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        // Invitation links (password-set tokens) stay valid for 3 days; a removed member's session ends within minutes.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(3));
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(2));
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "codrocket.stock";
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/status/403";
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = async context =>
            {
                // The security-stamp check loads the user through the tenant-filtered DbContext, and it runs
                // before TenantResolutionMiddleware: give it the cookie's store first.
                if (StoreClaims.TryRead(context.Principal, out var storeId, out var userId))
                {
                    context.HttpContext.RequestServices.GetRequiredService<ITenantContext>().Set(storeId, userId);
                }
                if (!await SessionCheck.IsCurrentAsync(context))
                {
                    // Signed out (here or everywhere), or removed: the cookie is dead even if it was copied.
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ManageStorePolicy, p => p.RequireRole(nameof(StoreRole.Owner), nameof(StoreRole.Manager)));
    }

    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        // As the owner of the schema, never as the app's row-level-security role (which may not create or alter tables).
        await using var db = StockServiceCollectionExtensions.CreateOwnerContext(app.Configuration);
        // Create the history table first: on an empty database EF otherwise logs a failed SELECT as an error.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync();
        await db.Database.MigrateAsync();
        // Hangfire's schema too, so the app's runtime role needs no DDL (Jobs__PrepareSchema=false).
        await db.Database.OpenConnectionAsync();
        Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install((Npgsql.NpgsqlConnection)db.Database.GetDbConnection(), JobsExtensions.Schema);
        await db.Database.CloseConnectionAsync();
        app.Logger.LogInformation("Database migrated");
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        if (options.MigrateOnStartup)
        {
            await app.MigrateDatabaseAsync();
        }
        if (options.SeedDemoData)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }
    }

    /// <summary>The <c>create-store</c> one-shot mode (see README); returns the process exit code.</summary>
    public static async Task<int> CreateStoreAsync(this WebApplication app, string[] args)
    {
        var options = app.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions();
        if (options.MigrateOnStartup)
        {
            await app.MigrateDatabaseAsync();
        }
        return await CreateStoreCommand.RunAsync(
            app.Services, args, Environment.GetEnvironmentVariable, Console.Out, Console.Error, CancellationToken.None);
    }

    public static WebApplication UseStockWeb(this WebApplication app)
    {
        app.UseBrowserSecurity();
        app.UseStockRequestLogging();
        app.UseResponseCompression();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }
        // Inside the exception handler: a lost database never reaches the error page, which itself needs the database.
        app.UseMiddleware<DatabaseUnavailableMiddleware>();
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseStockApiErrors();
        app.UseMiddleware<ControlCharacterGuard>();
        app.UseRouting();
        // After routing (endpoints may ask for the long policy), before authentication (which reads the database).
        app.UseRequestTimeouts();
        app.UseAuthentication();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseStockLocalization();
        app.UseAuthorization();
        // After authentication, so API requests are counted per key.
        app.UseRateLimiter();
        app.UseStockApiBodies();

        app.MapStockOperations();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages().WithStaticAssets();
        app.MapStockApi();
        app.UseStockJobs();
        return app;
    }
}
