using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using CodRocket.Stock.Testing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog.Core;
using Serilog.Events;

namespace CodRocket.Stock.IntegrationTests.Operations;

/// <summary>Issue 18, item 5: the key ring is encrypted at rest with a certificate from configuration.</summary>
public class DataProtectionTests(StockApp app)
{
    private sealed class Captured : ILogEventSink
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Emit(LogEvent logEvent) => Lines.Enqueue(logEvent.RenderMessage(null));
    }

    [Fact]
    public void With_a_certificate_configured_keys_are_encrypted_with_it_and_nothing_warns()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dp-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=CodRocket Stock data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        try
        {
            var log = new Captured();
            using var node = app.WithWebHostBuilder(b =>
            {
                b.UseSetting("DataProtection:CertificatePath", path);
                b.UseSetting("DataProtection:CertificatePassword", "pfx-password");
                b.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(log));
            });

            var options = node.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;

            options.XmlEncryptor.Should().BeOfType<CertificateXmlEncryptor>();
            var encrypted = options.XmlEncryptor!.Encrypt(new XElement("secret", "a master key"));
            encrypted.EncryptedElement.ToString().Should().NotContain("a master key");
            log.Lines.Should().NotContain(l => l.Contains("No XML encryptor", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
