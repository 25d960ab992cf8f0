using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Catalog;
using CodRocket.Stock.Data;
using CodRocket.Stock.Inventory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CodRocket.Stock.Web.Pages.Inventory.Stock;

public sealed class TransferModel(StockDbContext db, StockWorkFactory stockWork, IStringLocalizer<SharedResource> localizer)
    : StockActionPage(db, localizer)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid productId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        Input.FromWarehouseId = Warehouses.Where(w => w.Available > 0).MaxBy(w => w.Available)?.Id;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid productId)
    {
        if (!await LoadAsync(productId))
        {
            return NotFound();
        }
        if (ModelState.IsValid)
        {
            if (Warehouse(Input.FromWarehouseId) is null)
            {
                ModelState.AddModelError("Input.FromWarehouseId", L["Choose a warehouse."]);
            }
            if (Warehouse(Input.ToWarehouseId) is not { Active: true })
            {
                ModelState.AddModelError("Input.ToWarehouseId", L["Choose an active warehouse."]);
            }
            else if (Input.ToWarehouseId == Input.FromWarehouseId)
            {
                ModelState.AddModelError("Input.ToWarehouseId", L["Choose a different warehouse to transfer to."]);
            }
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var from = Warehouse(Input.FromWarehouseId)!;
        var to = Warehouse(Input.ToWarehouseId)!;
        var result = await stockWork.TransferAsync(productId, from.Id, to.Id, Input.Quantity!.Value, Input.Note, HttpContext.RequestAborted);
        if (result.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, Describe(refusal));
            return Page();
        }
        return Done(L["Transferred {0} × {1} from {2} to {3}.", Input.Quantity.Value.ToString("N0"), Product.Sku, from.Code, to.Code]);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a warehouse.")]
        [Display(Name = "From")]
        public Guid? FromWarehouseId { get; set; }

        [Required(ErrorMessage = "Choose a warehouse.")]
        [Display(Name = "To")]
        public Guid? ToWarehouseId { get; set; }

        [Required(ErrorMessage = "Enter a quantity.")]
        [Range(1, StockLimits.MaxQuantity, ErrorMessage = "{0} is a whole number from {1} to {2}.")]
        [Display(Name = "Quantity")]
        public int? Quantity { get; set; }

        [StringLength(StockChange.NoteMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
        [Display(Name = "Note")]
        public string? Note { get; set; }
    }
}
