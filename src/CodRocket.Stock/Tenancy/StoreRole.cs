namespace CodRocket.Stock.Tenancy;

public enum StoreRole
{
    Owner,
    Manager,
    Staff,
}
