using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Stock;

public sealed class ReceiveModel(StockDbContext db, StockWorkFactory stockWork, IStringLocalizer<SharedResource> localizer)
    : StockActionPage(db, localizer)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid productId, Guid? warehouseId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        Input.WarehouseId = warehouseId ?? Warehouses.FirstOrDefault(w => w.Active)?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid productId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        if (ModelState.IsValid && Warehouse(Input.WarehouseId) is not { Active: true })
        {
            ModelState.AddModelError("Input.WarehouseId", L["Choose an active warehouse."]);
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await stockWork.ReceiveAsync(productId, Input.WarehouseId!.Value, Input.Quantity!.Value, Input.Note, HttpContext.RequestAborted);
        if (result.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, Describe(refusal));
            return Page();
        }
        return Done(L["Received {0} × {1} into {2}.", Input.Quantity.Value.ToString("N0"), Product.Sku, Warehouse(Input.WarehouseId)!.Code]);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a warehouse.")]
        [Display(Name = "Warehouse")]
        public Guid? WarehouseId { get; set; }

        [Required(ErrorMessage = "Enter a quantity.")]
        [Range(1, StockLimits.MaxQuantity, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Quantity")]
        public int? Quantity { get; set; }

        [StringLength(StockChange.NoteMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Note")]
        public string? Note { get; set; }
    }
}
