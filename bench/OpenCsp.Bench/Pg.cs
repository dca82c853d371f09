using Npgsql;

/// <summary>What the benchmarks do with PostgreSQL directly: run a statement without a timeout, list a table's columns.</summary>
internal static class Pg
{
    public static async Task ExecuteAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The quoted column names of a table, in order, without <paramref name="except"/>: to copy rows in SQL.</summary>
    public static async Task<string> ColumnsAsync(NpgsqlConnection db, string table, params string[] except)
    {
        var columns = new List<string>();
        await using var read = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_name = @table ORDER BY ordinal_position", db);
        read.Parameters.AddWithValue("table", table);
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (!except.Contains(reader.GetString(0)))
                columns.Add($"\"{reader.GetString(0)}\"");
        }

        return string.Join(", ", columns);
    }
}
