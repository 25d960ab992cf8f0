using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodRocket.Stock.Web.Api;

// A PATCH field: absent (IsSet false: leave the value alone), or sent, as null or a value. The document shows it as T
// itself (ApiDocument), never required; validation attributes read its value when it is sent (RequestRules.cs). A plain
// comment, not XML documentation: the document generator would give every such field this text as its description.
[JsonConverter(typeof(OptionalConverterFactory))]
public readonly record struct Optional<T>
{
    private readonly T _value;

    public Optional(T value)
    {
        _value = value;
        IsSet = true;
    }

    /// <summary>True when the field is in the body (null included).</summary>
    public bool IsSet { get; }

    /// <summary>The value sent; default when the field is absent.</summary>
    public T Value => _value;

    /// <summary>The value sent, else <paramref name="current"/>.</summary>
    public T Or(T current) => IsSet ? _value : current;

    public static implicit operator Optional<T>(T value) => new(value);

    public override string ToString() => IsSet ? $"{_value}" : "(absent)";
}

/// <summary>What validation and the document need to know of any <see cref="Optional{T}"/> without its type argument.</summary>
internal static class Optional
{
    public static Type? InnerType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>Whether the value is an <see cref="Optional{T}"/> left out of the body.</summary>
    public static bool IsAbsent(object? value) =>
        value is not null && InnerType(value.GetType()) is not null && !(bool)value.GetType().GetProperty(nameof(Optional<int>.IsSet))!.GetValue(value)!;

    /// <summary>The value inside an <see cref="Optional{T}"/> (null when absent), or the value itself.</summary>
    public static object? Unwrap(object? value) =>
        value is not null && InnerType(value.GetType()) is not null
            ? value.GetType().GetProperty(nameof(Optional<int>.Value))!.GetValue(value)
            : value;
}

internal sealed class OptionalConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => Optional.InnerType(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(OptionalConverter<>).MakeGenericType(Optional.InnerType(typeToConvert)!))!;

    private sealed class OptionalConverter<T> : JsonConverter<Optional<T>>
    {
        // Called for null too: "x": null is a sent null, not an absent field.
        public override bool HandleNull => true;

        // The inner type's own converter, not a nested Deserialize: a wrong value then fails with the field's path.
        public override Optional<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(reader.TokenType == JsonTokenType.Null && default(T) is null
                ? default!
                : ((JsonConverter<T>)options.GetConverter(typeof(T))).Read(ref reader, typeof(T), options)!);

        public override void Write(Utf8JsonWriter writer, Optional<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
