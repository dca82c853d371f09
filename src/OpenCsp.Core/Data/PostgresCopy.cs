using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace OpenCsp.Core.Data;

/// <summary>
/// Writes a batch of entities with PostgreSQL's binary COPY instead of EF Core's change tracker, for the due-work sweep
/// where tracking thousands of rows costs more than the rules themselves. Columns, value converters and JSON columns
/// come from EF Core's model, so the rows are the ones <c>SaveChanges</c> would have written; nothing here is mapped
/// by hand. Runs on the context's connection, inside its open transaction.
/// </summary>
public static class PostgresCopy
{
    /// <summary>Inserts new rows.</summary>
    public static async Task InsertAsync<T>(OpenCspDbContext db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
            return;
        var table = Table.Of<T>(db);
        await CopyAsync(db, table, table.Name, rows, ct);
    }

    /// <summary>
    /// Overwrites existing rows, matched by key, with the objects' values: one COPY into a temporary table and one
    /// UPDATE. <paramref name="version"/> names an optimistic-concurrency column the caller has already advanced by
    /// one; a row whose stored version is not the one before is not written, and the whole write fails.
    /// </summary>
    public static async Task UpdateAsync<T>(OpenCspDbContext db, IReadOnlyCollection<T> rows, string version, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
            return;
        var table = Table.Of<T>(db);
        var staging = $"copy_{table.Name.ToLowerInvariant()}";
        // Names below come from the model, never from input. The staging table is kept for the connection's life and
        // emptied at each commit: no catalog churn per batch.
        var create = $"CREATE TEMP TABLE IF NOT EXISTS \"{staging}\" (LIKE \"{table.Name}\") ON COMMIT DELETE ROWS";
        await db.Database.ExecuteSqlRawAsync(create, ct);
        await CopyAsync(db, table, staging, rows, ct);
        var set = string.Join(", ", table.Columns.Where(c => !c.IsKey).Select(c => $"\"{c.Name}\" = s.\"{c.Name}\""));
        var key = string.Join(" AND ", table.Columns.Where(c => c.IsKey).Select(c => $"t.\"{c.Name}\" = s.\"{c.Name}\""));
        var update = $"UPDATE \"{table.Name}\" AS t SET {set} FROM \"{staging}\" AS s WHERE {key} AND t.\"{version}\" = s.\"{version}\" - 1";
        var updated = await db.Database.ExecuteSqlRawAsync(update, ct);
        if (updated != rows.Count)
            throw new DbUpdateConcurrencyException($"{rows.Count - updated} of {rows.Count} {table.Name} rows changed since they were read.");
    }

    private static async Task CopyAsync<T>(OpenCspDbContext db, Table table, string into, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{into}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
        // Values are written synchronously: they go to the importer's buffer, and an await per value cost more than the
        // occasional blocking flush.
        foreach (var row in rows)
        {
            writer.StartRow();
            foreach (var column in table.Columns)
                Write(writer, column.Read(row));
        }

        await writer.CompleteAsync(ct);
    }

    private static void Write(NpgsqlBinaryImporter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNull(); break;
            case Json json: writer.Write(json.Text, NpgsqlDbType.Jsonb); break;
            // varchar columns take text's binary form as it is.
            case string s: writer.Write(s, NpgsqlDbType.Text); break;
            case IEnumerable<string> list: writer.Write(list.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text); break;
            case Guid g: writer.Write(g, NpgsqlDbType.Uuid); break;
            case int i: writer.Write(i, NpgsqlDbType.Integer); break;
            case long l: writer.Write(l, NpgsqlDbType.Bigint); break;
            case bool b: writer.Write(b, NpgsqlDbType.Boolean); break;
            case decimal d: writer.Write(d, NpgsqlDbType.Numeric); break;
            case DateTimeOffset t: writer.Write(t, NpgsqlDbType.TimestampTz); break;
            default: throw new NotSupportedException($"No COPY mapping for a {value.GetType().Name} value.");
        }
    }

    private sealed record Json(string Text);

    private sealed record Column(string Name, bool IsKey, Func<object, object?> Read);

    /// <summary>An entity type's table and its columns in the order COPY sends them, read once per type from the model.</summary>
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
                if (property.IsShadowProperty())
                    throw new NotSupportedException($"{name}.{property.Name} is a shadow property; COPY reads values from the object.");
                var getter = property.GetGetter();
                var converter = property.GetTypeMapping().Converter;
                columns.Add(new Column(property.GetColumnName(store)!, property.IsPrimaryKey(),
                    converter is null ? getter.GetClrValue : row => getter.GetClrValue(row) is { } v ? converter.ConvertToProvider(v) : null));
            }

            foreach (var navigation in type.GetNavigations())
            {
                var target = navigation.TargetEntityType;
                if (!navigation.ForeignKey.IsOwnership)
                    continue; // a relationship, written by its own rows
                if (!target.IsMappedToJson())
                    throw new NotSupportedException($"{name}.{navigation.Name} is owned but not a JSON column.");
                var getter = navigation.GetGetter();
                columns.Add(new Column(target.GetContainerColumnName()!, false,
                    row => getter.GetClrValue(row) is { } v ? new Json(ToJson(target, v, navigation.IsCollection)) : null));
            }

            return new Table(name, columns);
        }

        private static string ToJson(IEntityType type, object value, bool collection)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
                WriteJson(writer, type, value, collection);
            return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>The JSON document EF Core writes for an owned type mapped to JSON: its JSON property names and value writers.</summary>
        private static void WriteJson(Utf8JsonWriter writer, IEntityType type, object value, bool collection)
        {
            if (collection)
            {
                writer.WriteStartArray();
                foreach (var item in (System.Collections.IEnumerable)value)
                    WriteJson(writer, type, item, false);
                writer.WriteEndArray();
                return;
            }

            writer.WriteStartObject();
            foreach (var property in type.GetProperties())
            {
                if (property.GetJsonPropertyName() is not { } name)
                    continue; // the owner key and ordinal EF Core keeps outside the document
                writer.WritePropertyName(name);
                if (property.GetGetter().GetClrValue(value) is { } v)
                    (property.GetJsonValueReaderWriter() ?? property.GetTypeMapping().JsonValueReaderWriter!).ToJson(writer, v);
                else
                    writer.WriteNullValue();
            }

            foreach (var navigation in type.GetNavigations())
            {
                writer.WritePropertyName(navigation.TargetEntityType.GetJsonPropertyName()!);
                if (navigation.GetGetter().GetClrValue(value) is { } v)
                    WriteJson(writer, navigation.TargetEntityType, v, navigation.IsCollection);
                else
                    writer.WriteNullValue();
            }

            writer.WriteEndObject();
        }
    }
}
