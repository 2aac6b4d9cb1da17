using System.Data.Common;
using System.Text.Json;
using Auscult.Server.Machines;
using Dapper;

namespace Auscult.Server.Storage;

/// <summary>The machines table.</summary>
public sealed class MachineStore
{
    private const string Columns = "id, machine_type, name, site, tags, options, created_at, updated_at";
    private readonly AuscultDatabase _database;

    public MachineStore(AuscultDatabase database) => _database = database;

    /// <summary>The machine, or null.</summary>
    public Task<Machine?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync(c => GetAsync(c, null, id), cancellationToken);

    internal static async Task<Machine?> GetAsync(DbConnection connection, DbTransaction? transaction, string id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM machines WHERE id = @id", new { id }, transaction)
            .ConfigureAwait(false);
        return row?.ToMachine();
    }

    /// <summary>Machines, by id, optionally of one site and/or type.</summary>
    public Task<IReadOnlyList<Machine>> ListAsync(string? site = null, string? machineType = null, CancellationToken cancellationToken = default) =>
        _database.WithConnectionAsync<IReadOnlyList<Machine>>(async c =>
        {
            var rows = await c.QueryAsync<Row>(
                $"SELECT {Columns} FROM machines WHERE (@site IS NULL OR site = @site) AND (@machineType IS NULL OR machine_type = @machineType) ORDER BY id",
                new { site, machineType }).ConfigureAwait(false);
            return [.. rows.Select(r => r.ToMachine())];
        }, cancellationToken);

    /// <summary>Registers the machine or replaces its registration; returns it and whether it is new.</summary>
    public Task<(Machine Machine, bool Created)> UpsertAsync(string id, MachineRegistration registration, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return _database.InTransactionAsync(async (c, t) =>
        {
            var existing = await GetAsync(c, t, id).ConfigureAwait(false);
            var args = new
            {
                id,
                machineType = registration.MachineType,
                registration.Name,
                registration.Site,
                tags = JsonSerializer.Serialize(registration.Tags ?? []),
                options = JsonSerializer.Serialize(registration.Options ?? new MachineOptions(), StoreJson.Options),
                now = UnixTime.Of(now),
            };
            if (existing is null)
            {
                await c.ExecuteAsync(
                    "INSERT INTO machines (id, machine_type, name, site, tags, options, created_at, updated_at) VALUES (@id, @machineType, @Name, @Site, @tags, @options, @now, @now)",
                    args, t).ConfigureAwait(false);
            }
            else
            {
                await c.ExecuteAsync(
                    "UPDATE machines SET machine_type = @machineType, name = @Name, site = @Site, tags = @tags, options = @options, updated_at = @now WHERE id = @id",
                    args, t).ConfigureAwait(false);
            }

            return ((await GetAsync(c, t, id).ConfigureAwait(false))!, existing is null);
        }, cancellationToken);
    }

    /// <summary>Registers a machine with only its type when it does not exist (a clip's <c>X-Machine-Type</c>); returns the machine.</summary>
    internal static async Task<Machine> EnsureAsync(DbConnection connection, DbTransaction transaction, string id, string machineType, DateTimeOffset now)
    {
        await connection.ExecuteAsync(
            "INSERT INTO machines (id, machine_type, created_at, updated_at) VALUES (@id, @machineType, @now, @now) ON CONFLICT (id) DO NOTHING",
            new { id, machineType, now = UnixTime.Of(now) }, transaction).ConfigureAwait(false);
        return (await GetAsync(connection, transaction, id).ConfigureAwait(false))!;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public string MachineType { get; set; } = "";
        public string? Name { get; set; }
        public string? Site { get; set; }
        public string Tags { get; set; } = "[]";
        public string Options { get; set; } = "{}";
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public Machine ToMachine() => new(Id, MachineType, Name, Site, JsonSerializer.Deserialize<string[]>(Tags) ?? [],
            JsonSerializer.Deserialize<MachineOptions>(Options, StoreJson.Options) ?? new MachineOptions(), UnixTime.From(CreatedAt), UnixTime.From(UpdatedAt));
    }
}
