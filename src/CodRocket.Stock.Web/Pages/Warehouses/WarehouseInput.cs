using System.ComponentModel.DataAnnotations;
using CodRocket.Stock.Inventory;

namespace CodRocket.Stock.Web.Pages.Warehouses;

/// <summary>The fields of the create and edit forms.</summary>
public sealed class WarehouseInput
{
    [Required(ErrorMessage = "Enter a code.")]
    [StringLength(Warehouse.CodeMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Use letters, digits, - and _ only.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(Warehouse.NameMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [StringLength(Warehouse.CityMaxLength, ErrorMessage = "{0} has at most {1} characters.")]
    [Display(Name = "City")]
    public string? City { get; set; }
}
