using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Orders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Orders;

public sealed class CreateModel(StockDbContext db, OrderService orders, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public IReadOnlyList<(Guid Id, string Label)> Warehouses { get; private set; } = [];

    /// <summary>Lines short of stock: Block refusals (errors) or Warning-only ones to confirm.</summary>
    public IReadOnlyList<OrderShortage> Shortages { get; private set; } = [];
    public bool ShortagesNeedConfirmation { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input.WarehouseId = Warehouses.FirstOrDefault().Id is var first && first != Guid.Empty ? first : null;
        Input.Lines = [new(), new(), new()];
    }

    /// <summary>SKU suggestions for a line, with what is available in the chosen warehouse.</summary>
    public async Task<IActionResult> OnGetSkusAsync(string? term, Guid? warehouse)
    {
        if (string.IsNullOrWhiteSpace(term) || term.Length > 64)
        {
            return new JsonResult(Array.Empty<object>());
        }
        var pattern = Infrastructure.SearchPattern.Contains(term);
        var matches = await db.Products.AsNoTracking()
            .Where(p => !p.IsArchived && (EF.Functions.ILike(EF.Functions.Collate(p.Sku, "default"), pattern, @"\") || EF.Functions.ILike(p.Name, pattern, @"\")))
            .OrderBy(p => p.Sku).Take(12)
            .Select(p => new
            {
                sku = p.Sku,
                name = p.Name,
                available = db.StockLevels.Where(s => s.ProductId == p.Id && s.WarehouseId == warehouse).Sum(s => s.Available),
            })
            .ToListAsync(HttpContext.RequestAborted);
        return new JsonResult(matches);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var ct = HttpContext.RequestAborted;
        await LoadAsync();
        // Rows left empty on the form are not lines; the others keep their form index for error messages.
        var lines = Input.Lines.Select((line, index) => (line, index))
            .Where(x => !string.IsNullOrWhiteSpace(x.line.Sku) || x.line.Quantity is not null)
            .ToList();
        await ResolveNamesAsync(lines.Select(x => x.index).ToList(), ct);
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var draft = new OrderDraft(
            Input.WarehouseId,
            new OrderCustomer(Input.CustomerName ?? "", Input.Phone ?? "", Input.City ?? "", Input.Address),
            Input.ExternalReference,
            [.. lines.Select(x => new OrderDraftLine(x.line.Sku ?? "", x.line.Quantity ?? 0))]);

        switch (await orders.PlaceAsync(draft, Input.AcknowledgeShortages, ct))
        {
            case PlaceOrderResult.Placed placed:
                TempData["Status"] = PlacedMessage(placed.Order);
                return RedirectToPage("/Orders/Details", new { id = placed.Order.Id });
            case PlaceOrderResult.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    ModelState.AddModelError(FormField(error.Field, lines.Select(x => x.index).ToList()), localizer[error.Message, error.Arguments]);
                }
                return Page();
            case PlaceOrderResult.Refused refused:
                Shortages = refused.Shortages;
                ModelState.AddModelError(string.Empty, localizer["Not enough stock: this order was not taken and nothing was reserved."]);
                return Page();
            case PlaceOrderResult.StockLimitReached limit:
                ModelState.AddModelError(string.Empty, localizer[
                    "{0} cannot take {1} more units in this warehouse: a product holds at most {2} units reserved and {2} on backorder in one warehouse. This order was not taken and nothing was reserved.",
                    limit.Sku, limit.Wanted.ToString("N0"), limit.Limit.ToString("N0")]);
                return Page();
            case PlaceOrderResult.NeedsConfirmation confirm:
                Shortages = confirm.Shortages;
                ShortagesNeedConfirmation = true;
                return Page();
            default:
                throw new InvalidOperationException("Unknown placement result.");
        }
    }

    /// <summary>
    /// The line field takes a SKU or a product name: a text that is no SKU but the exact name (ignoring case) of one
    /// product becomes that product's SKU; a name several products share is refused with a message.
    /// </summary>
    private async Task ResolveNamesAsync(List<int> indexes, CancellationToken ct)
    {
        var texts = indexes.Select(i => Identifiers.Normalize(Input.Lines[i].Sku ?? "")).Where(t => t.Length > 0).Distinct(Product.SkuComparer).ToList();
        if (texts.Count == 0)
        {
            return;
        }
        var skus = (await db.Products.AsNoTracking().Where(p => texts.Contains(p.Sku)).Select(p => p.Sku).ToListAsync(ct)).ToHashSet(Product.SkuComparer);
        var names = texts.Where(t => !skus.Contains(t)).Select(t => t.ToLowerInvariant()).ToList();
        if (names.Count == 0)
        {
            return;
        }
        var byName = (await db.Products.AsNoTracking().Where(p => !p.IsArchived && names.Contains(p.Name.ToLower()))
                .Select(p => new { p.Name, p.Sku }).ToListAsync(ct))
            .ToLookup(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var i in indexes)
        {
            var text = Identifiers.Normalize(Input.Lines[i].Sku ?? "");
            if (text.Length == 0 || skus.Contains(text) || !byName.Contains(text))
            {
                continue;
            }
            var found = byName[text].ToList();
            if (found.Count == 1)
            {
                Input.Lines[i].Sku = found[0].Sku;
                ModelState.Remove($"Input.Lines[{i}].Sku");
            }
            else
            {
                ModelState.AddModelError($"Input.Lines[{i}].Sku",
                    localizer["{0} products are named {1}: choose one from the suggestions, or type its SKU.", found.Count, text]);
            }
        }
    }

    private string PlacedMessage(Order order)
    {
        var backordered = order.Lines.Sum(l => l.Backordered);
        var oversold = order.Lines.Sum(l => l.Oversold);
        return backordered > 0
            ? localizer["Order #{0} taken. {1} units are backordered and will be reserved as stock arrives.", order.Number, backordered]
            : oversold > 0
                ? localizer["Order #{0} taken. {1} units are oversold: receive stock before shipping.", order.Number, oversold]
                : localizer["Order #{0} taken; its stock is reserved.", order.Number];
    }

    /// <summary>The form field for a service error: "Lines[1].Sku" of the draft is the line's row on the form.</summary>
    private static string FormField(string field, List<int> formIndexes)
    {
        if (field.StartsWith("Lines[", StringComparison.Ordinal))
        {
            var close = field.IndexOf(']', StringComparison.Ordinal);
            var draftIndex = int.Parse(field[6..close], System.Globalization.CultureInfo.InvariantCulture);
            return $"Input.Lines[{formIndexes[draftIndex]}]{field[(close + 1)..]}";
        }
        return field switch
        {
            "Lines" => "Input.Lines",
            "Customer.Name" => "Input.CustomerName",
            "Customer.Phone" => "Input.Phone",
            "Customer.City" => "Input.City",
            "Customer.Address" => "Input.Address",
            _ => "Input." + field,
        };
    }

    private async Task LoadAsync() =>
        Warehouses = (await db.Warehouses.AsNoTracking().Where(w => w.IsActive).OrderBy(w => w.Code)
                .Select(w => new { w.Id, w.Code, w.Name }).ToListAsync(HttpContext.RequestAborted))
            .Select(w => (w.Id, $"{w.Code} — {w.Name}")).ToList();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose the warehouse that ships the order.")]
        [Display(Name = "Ships from")]
        public Guid? WarehouseId { get; set; }

        [Required(ErrorMessage = "Enter the customer's name.")]
        [StringLength(Order.CustomerNameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Customer")]
        public string? CustomerName { get; set; }

        [Required(ErrorMessage = "Enter the customer's phone number.")]
        [StringLength(Order.CustomerPhoneMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Phone")]
        public string? Phone { get; set; }

        [Required(ErrorMessage = "Enter the city.")]
        [StringLength(Order.CityMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "City")]
        public string? City { get; set; }

        [StringLength(Order.AddressMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Address")]
        public string? Address { get; set; }

        [StringLength(Order.ExternalReferenceMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "External reference")]
        public string? ExternalReference { get; set; }

        public List<LineInput> Lines { get; set; } = [];

        public bool AcknowledgeShortages { get; set; }
    }

    public sealed class LineInput
    {
        /// <summary>A SKU, or the name of one product (<see cref="ResolveNamesAsync"/>).</summary>
        [StringLength(StockLimits.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "SKU")]
        public string? Sku { get; set; }

        [Range(1, Order.MaxQuantity, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Quantity")]
        public int? Quantity { get; set; }
    }
}
