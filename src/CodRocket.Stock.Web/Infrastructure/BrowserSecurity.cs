using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;

namespace CodRocket.Stock.Web.Infrastructure;

/// <summary>Settings <c>ForwardedHeaders:*</c>: the reverse proxies whose X-Forwarded-For/-Proto the app believes.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses ("10.0.0.5"); loopback is always trusted (a proxy on the same host).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR ("10.0.0.0/8"), e.g. a container network.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// What a browser is told to protect the merchant with, on every answer: no framing (clickjacking on one-click Revoke,
/// Archive, Cancel, Remove), a Content-Security-Policy that runs scripts from our own files only (no inline script:
/// behaviour is in wwwroot/js), nosniff and a same-origin referrer. Behind a configured proxy the app knows the request was
/// HTTPS (forwarded headers); in Production every cookie is Secure and HSTS is sent.
/// </summary>
/// <remarks>
/// style-src allows 'unsafe-inline': pages and the SVG charts use <c>style="…"</c> attributes, and Bootstrap's scripts set
/// styles. Inline styles cannot run code; scripts stay strictly 'self'. The job dashboard (/ops/jobs, Hangfire's own
/// pages) keeps the frame and sniffing protections but not the script policy, which its inline scripts would break.
/// </remarks>
public static class BrowserSecurity
{
    public const string JobsPath = "/ops";

    public static WebApplicationBuilder AddBrowserSecurity(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults already trust loopback (127.0.0.0/8 and ::1).
            foreach (var proxy in proxies.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in proxies.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        if (SecureCookies(builder.Configuration, builder.Environment))
        {
            builder.Services.Configure<CookiePolicyOptions>(o =>
            {
                o.Secure = CookieSecurePolicy.Always;
                o.HttpOnly = HttpOnlyPolicy.None;
            });
        }
        return builder;
    }

    /// <summary>
    /// Every cookie Secure: on in Production (<c>App:SecureCookies=false</c> allows a trial over plain HTTP on a host
    /// other than localhost, where browsers would drop Secure cookies).
    /// </summary>
    private static bool SecureCookies(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("App:SecureCookies", environment.IsProduction());

    /// <summary>First in the pipeline, so logs, HSTS and cookies see the client's address and scheme.</summary>
    public static WebApplication UseBrowserSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (SecureCookies(app.Configuration, app.Environment))
        {
            app.UseCookiePolicy();
        }
        app.UseWhen(http => !InlineScriptsAllowed(http), page => page.UseSecurityHeaders(Policies(strictScripts: true)));
        app.UseWhen(InlineScriptsAllowed, jobs => jobs.UseSecurityHeaders(Policies(strictScripts: false)));
        return app;
    }

    /// <summary>
    /// Third-party pages that configure themselves with inline scripts: the job dashboard, and the API reference
    /// (Scalar, at /api/v1/docs, which reads only the public OpenAPI document and takes no cookie: the API ignores it).
    /// </summary>
    private static bool InlineScriptsAllowed(HttpContext http) =>
        http.Request.Path.StartsWithSegments(JobsPath) || http.Request.Path.StartsWithSegments(Api.ApiEndpoints.DocsPath);

    private static HeaderPolicyCollection Policies(bool strictScripts) => new HeaderPolicyCollection()
        .AddFrameOptionsDeny()
        .AddContentTypeOptionsNoSniff()
        .AddReferrerPolicySameOrigin()
        .RemoveServerHeader()
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            var scripts = csp.AddScriptSrc().Self();
            if (!strictScripts)
            {
                scripts.UnsafeInline();
            }
            csp.AddStyleSrc().Self().UnsafeInline();
            csp.AddImgSrc().Self().Data();
            csp.AddFontSrc().Self();
            csp.AddConnectSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        });
}
