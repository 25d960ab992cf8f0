namespace CodRocket.Stock.Catalog.Csv;

public enum ImportProblemKind
{
    /// <summary>Bytes that are not UTF-8 (Value: the encoding recognised, if any).</summary>
    WrongEncoding,
    /// <summary>A control character (NUL, escape…) on the line: no text field may hold one.</summary>
    ControlCharacter,
    EmptyFile,
    NoRows,
    TooManyRows,
    MissingSkuColumn,
    UnknownColumn,
    DuplicateColumn,
    UnknownWarehouse,
    /// <summary>The row has another number of cells than the header (Value: the count).</summary>
    WrongCellCount,
    /// <summary>A quote out of place, as CSV cannot read it.</summary>
    MalformedRow,
    Required,
    NotAWholeNumber,
    Negative,
    TooLarge,
    NotANumber,
    OutOfRange,
    /// <summary>More decimals than are stored (a seasonal factor keeps 3).</summary>
    TooPrecise,
    /// <summary>A price that is not 0 to <see cref="Prices.Max"/> with at most <see cref="Prices.Decimals"/> decimals.</summary>
    InvalidPrice,
    NotYesOrNo,
    UnknownPolicy,
    SkuTooLong,
    NameTooLong,
    /// <summary>An invisible or bidirectional control character (zero-width space, right-to-left override…).</summary>
    HiddenCharacters,
    /// <summary>The SKU appears on an earlier row too (Other: that row's line).</summary>
    DuplicateSku,
    UnknownSku,
    /// <summary>The stock ledger refused a count when applying (should not happen once the file is valid).</summary>
    StockRefused,
}

/// <summary>
/// One thing wrong with an import file, where it is: the line (1 is the header) and the column header. Messages are
/// the web layer's (localised); this carries what they need.
/// </summary>
public sealed record ImportProblem(int Line, string? Column, ImportProblemKind Kind, string? Value = null, int? Other = null);
