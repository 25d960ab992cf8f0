using CodRocket.Stock.Data;
using Microsoft.EntityFrameworkCore;

namespace CodRocket.Stock.Catalog;

/// <summary>A SKU that looks the same as a SKU the store already has without being it; <see cref="Line"/> is its CSV line, when it has one.</summary>
public sealed record LookAlikeSku(string Sku, string ExistingSku, int Line = 0);

/// <summary>
/// The one look-alike rule (<see cref="Identifiers.Skeleton"/>: a Unicode dash for a hyphen, a Cyrillic letter for a
/// Latin one) against the store's products, for every path that creates or renames SKUs: the product form, the API and
/// the CSV import. A look-alike is worth a warning, not a refusal.
/// </summary>
public static class LookAlikeSkus
{
    /// <summary>Another product of the store whose SKU looks like <paramref name="sku"/>, or null.</summary>
    public static async Task<string?> FindAsync(StockDbContext db, string sku, Guid productId, CancellationToken ct) =>
        (await AmongAsync(db.Products.Where(p => p.Id != productId), [sku], ct)).GetValueOrDefault(sku);

    /// <summary>
    /// The store's existing SKUs that <paramref name="skus"/> (new ones, not yet stored) look like, by SKU; the SKUs
    /// with no look-alike are left out. One query whatever the count (the candidate SKUs), compared in memory.
    /// </summary>
    public static Task<Dictionary<string, string>> FindAsync(StockDbContext db, IReadOnlyCollection<string> skus, CancellationToken ct) =>
        AmongAsync(db.Products, skus, ct);

    private static async Task<Dictionary<string, string>> AmongAsync(IQueryable<Product> others, IReadOnlyCollection<string> skus, CancellationToken ct)
    {
        var found = new Dictionary<string, string>(Product.SkuComparer);
        if (skus.Count == 0)
        {
            return found;
        }
        // Look-alikes have about the same length: the candidates stay few even in a large catalogue.
        var (shortest, longest) = (skus.Min(s => s.Length) - 2, skus.Max(s => s.Length) + 2);
        var candidates = await others.AsNoTracking()
            .Where(p => p.Sku.Length >= shortest && p.Sku.Length <= longest)
            .Select(p => p.Sku).ToListAsync(ct);
        var bySkeleton = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            bySkeleton.TryAdd(Identifiers.Skeleton(candidate), candidate);
        }
        foreach (var sku in skus)
        {
            if (bySkeleton.TryGetValue(Identifiers.Skeleton(sku), out var existing) && !Product.SkuComparer.Equals(existing, sku))
            {
                found.TryAdd(sku, existing);
            }
        }
        return found;
    }
}
