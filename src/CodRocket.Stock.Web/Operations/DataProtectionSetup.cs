using System.Security.Cryptography.X509Certificates;
using CodRocket.Stock.Data;
using Microsoft.AspNetCore.DataProtection;

namespace CodRocket.Stock.Web.Operations;

/// <summary>The "DataProtection" section: a certificate (PKCS #12 file and its password) that encrypts the key ring at rest.</summary>
public sealed class DataProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A .pfx/.p12 file with a private key, e.g. a Docker secret mounted at /run/secrets/dataprotection.pfx.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Certificates that only decrypt (the previous one, during a rotation), as further paths with the same password.</summary>
    public string[] PreviousCertificatePaths { get; set; } = [];
}

/// <summary>
/// Data-protection keys (cookies, antiforgery, invitation links) live in the database so every node shares them;
/// with a certificate configured they are stored encrypted with it, and ASP.NET Core stops warning at start that
/// they are not.
/// </summary>
public static class DataProtectionSetup
{
    public static void AddStockDataProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DataProtectionOptions.Section).Get<DataProtectionOptions>() ?? new DataProtectionOptions();
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("CodRocket.Stock")
            .PersistKeysToDbContext<StockDbContext>();
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return;
        }
        // A missing file or a wrong password stops the start here, with the path in the message.
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        var previous = options.PreviousCertificatePaths.Select(p => X509CertificateLoader.LoadPkcs12FromFile(p, options.CertificatePassword));
        dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([certificate, .. previous]);
    }
}
