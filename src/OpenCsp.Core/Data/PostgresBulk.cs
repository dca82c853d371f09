using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace OpenCsp.Core.Data;

/// <summary>
/// Writes a batch of entities with one statement per table instead of EF Core's change tracker, for the due-work sweep
/// where tracking thousands of rows costs more than the rules themselves. Each column's values travel as one array
/// parameter that PostgreSQL's <c>unnest</c> turns back into rows: Npgsql writes an array's elements in a tight loop,
/// where COPY paid its per-value parameter binding for every field of every row. Columns, value converters and JSON
/// columns come from EF Core's model, so the rows are the ones <c>SaveChanges</c> would have written; nothing here is
/// mapped by hand. Runs on the context's connection, inside its open transaction.
/// </summary>
public static class PostgresBulk
{
    /// <summary>Inserts new rows.</summary>
    public static async Task InsertAsync<T>(OpenCspDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
            return;
        var table = Table.Of<T>(db);
        var sql = $"INSERT INTO \"{table.Name}\" ({Names(table.Columns)}) SELECT {string.Join(", ", table.Columns.Select(c => c.Value))} {From(table.Columns)}";
        await ExecuteAsync(db, sql, table.Columns, rows, ct);
    }

    /// <summary>
    /// Overwrites existing rows, matched by key, with the objects' values. Init-only scalar properties are left out:
    /// they cannot have changed since the row was read. <paramref name="version"/> names an optimistic-concurrency
    /// column the caller has already advanced by one; a row whose stored version is not the one before is not written,
    /// and the whole write fails.
    /// </summary>
    public static async Task UpdateAsync<T>(OpenCspDbContext db, IReadOnlyCollection<T> rows, string version, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
            return;
        var table = Table.Of<T>(db);
        var columns = table.Columns.Where(c => c.IsKey || !c.InitOnly || c.Name == version).ToList();
        var set = string.Join(", ", columns.Where(c => !c.IsKey).Select(c => $"\"{c.Name}\" = {c.Value}"));
        var key = string.Join(" AND ", columns.Where(c => c.IsKey).Select(c => $"t.\"{c.Name}\" = s.\"{c.Name}\""));
        var sql = $"UPDATE \"{table.Name}\" AS t SET {set} {From(columns)} WHERE {key} AND t.\"{version}\" = s.\"{version}\" - 1";
        var updated = await ExecuteAsync(db, sql, columns, rows, ct);
        if (updated != rows.Count)
            throw new DbUpdateConcurrencyException($"{rows.Count - updated} of {rows.Count} {table.Name} rows changed since they were read.");
    }

    private static string Names(IEnumerable<Column> columns) => string.Join(", ", columns.Select(c => $"\"{c.Name}\""));

    // Names come from the model, never from input; the values are parameters.
    private static string From(IReadOnlyList<Column> columns) =>
        $"FROM unnest({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))}) AS s({Names(columns)})";

    private static async Task<int> ExecuteAsync<T>(OpenCspDbContext db, string sql, IReadOnlyList<Column> columns, IReadOnlyCollection<T> rows, CancellationToken ct)
        where T : class
    {
        var list = rows as IReadOnlyList<object> ?? rows.ToArray();
        await using var command = ((NpgsqlConnection)db.Database.GetDbConnection()).CreateCommand();
        command.CommandText = sql;
        foreach (var column in columns)
            command.Parameters.Add(column.Parameter(list));
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A column: its name, and how to read its values from the objects into one array parameter.</summary>
    private abstract class Column(string name, bool isKey, bool initOnly)
    {
        public string Name { get; } = name;
        public bool IsKey { get; } = isKey;
        public bool InitOnly { get; } = initOnly;

        /// <summary>The SQL that turns the unnested value <c>s."Name"</c> into the column's value.</summary>
        public virtual string Value => $"s.\"{Name}\"";

        public abstract NpgsqlParameter Parameter(IReadOnlyList<object> rows);
    }

    private class Column<TValue>(string name, bool isKey, bool initOnly, Func<object, TValue> read, NpgsqlDbType type) : Column(name, isKey, initOnly)
    {
        public override NpgsqlParameter Parameter(IReadOnlyList<object> rows)
        {
            var values = new TValue[rows.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = read(rows[i]);
            return new NpgsqlParameter<TValue[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | type };
        }
    }

    /// <summary>
    /// A list of strings stored as a text[] column: an array of arrays cannot be unnested row by row, so each row's list
    /// travels as a JSON array and becomes a text[] again in the statement.
    /// </summary>
    private sealed class ListColumn(string name, Func<object, string?> read)
        : Column<string?>(name, false, false, read, NpgsqlDbType.Jsonb)
    {
        public override string Value =>
            $"CASE WHEN s.\"{Name}\" IS NULL THEN NULL ELSE ARRAY(SELECT e FROM jsonb_array_elements_text(s.\"{Name}\") WITH ORDINALITY AS j(e, n) ORDER BY n) END";
    }

    /// <summary>An entity type's table and its columns, read once per type from the model.</summary>
    private sealed record Table(string Name, IReadOnlyList<Column> Columns)
    {
        private static readonly ConcurrentDictionary<(IModel Model, Type Type), Table> Cache = new();

        public static Table Of<T>(OpenCspDbContext db) => Cache.GetOrAdd((db.Model, typeof(T)), key =>
            Build(key.Model.FindEntityType(key.Type) ?? throw new InvalidOperationException($"{key.Type} is not mapped.")));

        private static Table Build(IEntityType type)
        {
            var name = type.GetTableName()!;
            var store = StoreObjectIdentifier.Table(name, type.GetSchema());
            var columns = new List<Column>();
            foreach (var property in type.GetProperties())
            {
                if (property.PropertyInfo is not { } info)
                    throw new NotSupportedException($"{name}.{property.Name} is not a CLR property; the values are read from the object.");
                var column = property.GetColumnName(store)!;
                if (property.ClrType != typeof(string) && property.ClrType.IsAssignableTo(typeof(IEnumerable<string>)))
                {
                    var list = property.GetGetter();
                    columns.Add(new ListColumn(column, row => list.GetClrValue(row) is { } v ? JsonSerializer.Serialize(v) : null));
                    continue;
                }

                columns.Add(Typed(column, property.IsPrimaryKey(), InitOnly(info), Read(type.ClrType, info, property.GetTypeMapping().Converter)));
            }

            foreach (var navigation in type.GetNavigations())
            {
                var target = navigation.TargetEntityType;
                if (!navigation.ForeignKey.IsOwnership)
                    continue; // a relationship, written by its own rows
                if (!target.IsMappedToJson())
                    throw new NotSupportedException($"{name}.{navigation.Name} is owned but not a JSON column.");
                var getter = navigation.GetGetter();
                var write = JsonWriter(target, navigation.IsCollection);
                // Always written: an owned object's contents can change even where the reference cannot.
                columns.Add(new Column<string?>(target.GetContainerColumnName()!, false, false,
                    row => getter.GetClrValue(row) is { } v ? ToJson(write, v) : null, NpgsqlDbType.Jsonb));
            }

            return new Table(name, columns);
        }

        /// <summary>An init-only property is set when the object is made and never again (a get-only one EF Core may still set through its field).</summary>
        private static bool InitOnly(PropertyInfo info) =>
            info.SetMethod is { } set && set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

        /// <summary>A compiled reader of the property's value as the database stores it: its value converter applied, no boxing.</summary>
        private static LambdaExpression Read(Type entity, PropertyInfo info, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
        {
            var row = Expression.Parameter(typeof(object), "row");
            Expression value = Expression.Property(Expression.Convert(row, entity), info);
            if (converter is not null)
            {
                var convert = converter.ConvertToProviderExpression;
                if (Nullable.GetUnderlyingType(value.Type) is null && value.Type.IsValueType)
                {
                    value = Expression.Invoke(convert, value);
                }
                else
                {
                    // EF Core never hands a null to a converter: a null model value is a null column.
                    var provider = converter.ProviderClrType.IsValueType ? typeof(Nullable<>).MakeGenericType(converter.ProviderClrType) : converter.ProviderClrType;
                    var present = value.Type.IsValueType ? Expression.Property(value, "HasValue") : (Expression)Expression.NotEqual(value, Expression.Constant(null, value.Type));
                    var model = value.Type.IsValueType ? Expression.Property(value, "Value") : value;
                    value = Expression.Condition(present, Expression.Convert(Expression.Invoke(convert, model), provider), Expression.Default(provider));
                }
            }

            return Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), value.Type), value, row);
        }

        private static Column Typed(string name, bool isKey, bool initOnly, LambdaExpression read)
        {
            var valueType = read.ReturnType;
            var type = (Nullable.GetUnderlyingType(valueType) ?? valueType) switch
            {
                var t when t == typeof(Guid) => NpgsqlDbType.Uuid,
                var t when t == typeof(string) => NpgsqlDbType.Text, // varchar columns take text's form as it is
                var t when t == typeof(int) => NpgsqlDbType.Integer,
                var t when t == typeof(long) => NpgsqlDbType.Bigint,
                var t when t == typeof(bool) => NpgsqlDbType.Boolean,
                var t when t == typeof(decimal) => NpgsqlDbType.Numeric,
                var t when t == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
                var t => throw new NotSupportedException($"No array mapping for column {name} of type {t.Name}."),
            };
            var column = typeof(Column<>).MakeGenericType(valueType);
            return (Column)Activator.CreateInstance(column, name, isKey, initOnly, read.Compile(), type)!;
        }

        private static string ToJson(Action<Utf8JsonWriter, object> write, object value)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
                write(writer, value);
            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>
        /// Writes the JSON document EF Core writes for an owned type mapped to JSON: its JSON property names and value
        /// writers, looked up in the model once here rather than for every row.
        /// </summary>
        private static Action<Utf8JsonWriter, object> JsonWriter(IEntityType type, bool collection)
        {
            if (collection)
            {
                var item = JsonWriter(type, false);
                return (writer, value) =>
                {
                    writer.WriteStartArray();
                    foreach (var element in (System.Collections.IEnumerable)value)
                        item(writer, element);
                    writer.WriteEndArray();
                };
            }

            // The owner key and ordinal EF Core keeps outside the document have no JSON name.
            var properties = type.GetProperties().Where(p => p.GetJsonPropertyName() is not null)
                .Select(p => (Name: JsonEncodedText.Encode(p.GetJsonPropertyName()!), Getter: p.GetGetter(),
                    Json: p.GetJsonValueReaderWriter() ?? p.GetTypeMapping().JsonValueReaderWriter!))
                .ToList();
            var navigations = type.GetNavigations()
                .Select(n => (Name: JsonEncodedText.Encode(n.TargetEntityType.GetJsonPropertyName()!), Getter: n.GetGetter(), Write: JsonWriter(n.TargetEntityType, n.IsCollection)))
                .ToList();
            return (writer, value) =>
            {
                writer.WriteStartObject();
                foreach (var (name, getter, json) in properties)
                {
                    writer.WritePropertyName(name);
                    if (getter.GetClrValue(value) is { } v)
                        json.ToJson(writer, v);
                    else
                        writer.WriteNullValue();
                }

                foreach (var (name, getter, write) in navigations)
                {
                    writer.WritePropertyName(name);
                    if (getter.GetClrValue(value) is { } v)
                        write(writer, v);
                    else
                        writer.WriteNullValue();
                }

                writer.WriteEndObject();
            };
        }
    }
}
