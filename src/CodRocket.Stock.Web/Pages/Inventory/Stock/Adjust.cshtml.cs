using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Stock;

public sealed class AdjustModel(StockDbContext db, StockWorkFactory stockWork, IStringLocalizer<SharedResource> localizer)
    : StockActionPage(db, localizer)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Set when the count would leave reserved orders without stock and needs confirming.</summary>
    public string? Shortfall { get; private set; }

    /// <summary>The product's policy is Block: confirming forces the count past it.</summary>
    public bool ShortfallBlocked { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid productId, Guid? warehouseId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        Input.WarehouseId = warehouseId ?? Warehouses.FirstOrDefault(w => w.OnHand != 0 || w.Active)?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid productId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        if (ModelState.IsValid && Warehouse(Input.WarehouseId) is null)
        {
            ModelState.AddModelError("Input.WarehouseId", L["Choose a warehouse."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var warehouse = Warehouse(Input.WarehouseId)!;
        // A count below what orders have reserved leaves them without stock: say so, and go ahead only when confirmed.
        var reserved = warehouse.OnHand - warehouse.Available;
        if (Input.CountedQuantity!.Value < reserved && !Input.Confirm)
        {
            var policy = Product.EffectivePolicy(await Db.CurrentTenantAsync(HttpContext.RequestAborted));
            Shortfall = L["Orders have reserved {0} units of {1} in {2}: counting {3} leaves {4} reserved units without stock, and those orders cannot ship until stock arrives.",
                reserved.ToString("N0"), Product.Sku, warehouse.Code, Input.CountedQuantity.Value.ToString("N0"),
                (reserved - Input.CountedQuantity.Value).ToString("N0")];
            ShortfallBlocked = policy == OutOfStockPolicy.Block;
            return Page();
        }
        var result = await stockWork.CountAsync(
            productId, warehouse.Id, Input.CountedQuantity!.Value, Input.Reason!.Value, Input.Note, HttpContext.RequestAborted);
        if (result.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, Describe(refusal));
            return Page();
        }
        var change = Input.CountedQuantity.Value - warehouse.OnHand;
        return Done(change == 0
            ? L["Count recorded: {0} in {1} matches the books.", Product.Sku, warehouse.Code]
            : L["Stock of {0} in {1} set to {2} ({3}).", Product.Sku, warehouse.Code,
                Input.CountedQuantity.Value.ToString("N0"), (change > 0 ? "+" : "") + change.ToString("N0")]);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a warehouse.")]
        [Display(Name = "Warehouse")]
        public Guid? WarehouseId { get; set; }

        [Required(ErrorMessage = "Enter the quantity you counted.")]
        [Range(0, StockLimits.MaxQuantity, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Counted quantity")]
        public int? CountedQuantity { get; set; }

        [Required(ErrorMessage = "Choose a reason.")]
        [EnumDataType(typeof(AdjustmentReason), ErrorMessage = "Choose a reason.")]
        [Display(Name = "Reason")]
        public AdjustmentReason? Reason { get; set; } = AdjustmentReason.Count;

        [StringLength(StockChange.NoteMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Note")]
        public string? Note { get; set; }

        /// <summary>The person saw what the count does to reserved orders and confirms it (forces it under Block).</summary>
        public bool Confirm { get; set; }
    }
}
