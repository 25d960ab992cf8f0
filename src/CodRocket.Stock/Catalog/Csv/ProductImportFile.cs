using CodRocket.Stock.Tenancy;

namespace CodRocket.Stock.Catalog.Csv;

/// <summary>
/// An uploaded products CSV between its dry run and "Apply": web nodes keep no state, so the file waits here. Apply
/// reads it again and validates it against the store as it is then. Deleted once applied, or after a day.
/// </summary>
public sealed class ProductImportFile : ITenantOwned
{
    public const int FileNameMaxLength = 255;
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);
    /// <summary>
    /// What one store's pending dry runs may hold in all (each person keeps only their latest): two full-size files.
    /// </summary>
    public const long StoreQuotaBytes = 2L * ProductCsv.MaxBytes;

    private ProductImportFile() { }

    public ProductImportFile(string fileName, byte[] content, Guid? uploadedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7(now);
        var name = Path.GetFileName(fileName.Trim());
        FileName = name.Length == 0 ? "products.csv" : name.Length > FileNameMaxLength ? name[..FileNameMaxLength] : name;
        Content = content;
        UploadedBy = uploadedBy;
        UploadedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid Id { get; private set; }
    public string FileName { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public Guid? UploadedBy { get; private set; }
    public DateTimeOffset UploadedAt { get; private set; }
}
