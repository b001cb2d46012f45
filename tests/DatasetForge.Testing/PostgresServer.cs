using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace DatasetForge.Testing;

/// <summary>
/// A real PostgreSQL server on loopback for the tests: <c>initdb</c> into a temporary folder and <c>pg_ctl start</c> on a
/// free port, as the unprivileged user <c>nobody</c> when the tests run as root (the server refuses root). One server per
/// test process, started on first use and stopped when the process exits; each test takes a fresh database.
/// </summary>
public sealed class PostgresServer
{
    /// <summary>Debian's postgresql package (eng/setup.sh installs it). <c>DATASETFORGE_PG_BIN</c> points elsewhere.</summary>
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    private const string User = "forge";
    private static readonly Lazy<PostgresServer> LazyShared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _bin;
    private readonly string _dataDirectory;
    private readonly bool _asNobody;

    private PostgresServer(string bin, string dataDirectory, int port, bool asNobody)
    {
        _bin = bin;
        _dataDirectory = dataDirectory;
        Port = port;
        _asNobody = asNobody;
    }

    /// <summary>The server of this test process.</summary>
    public static PostgresServer Shared => LazyShared.Value;

    public int Port { get; }

    /// <summary>The maintenance database's connection string (trust login on loopback, no password).</summary>
    public string ConnectionString => Connection("postgres");

    /// <summary>The connection string of <paramref name="database"/> on this server.</summary>
    public string Connection(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = User,
        Database = database,
        Pooling = false,
    }.ConnectionString;

    /// <summary>Creates an empty database of its own for one test and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE \"{name}\"";
        await command.ExecuteNonQueryAsync(cancellationToken);
        return Connection(name);
    }

    private static PostgresServer Start()
    {
        var bin = Environment.GetEnvironmentVariable("DATASETFORGE_PG_BIN") is { Length: > 0 } b ? b : DefaultBinDirectory;
        if (!File.Exists(Path.Combine(bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL is not installed: no initdb in '{bin}' (apt-get install postgresql, or run eng/setup.sh).");
        }

        var asNobody = Environment.UserName == "root";
        var data = Path.Combine(Path.GetTempPath(), "datasetforge-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        if (asNobody)
        {
            Run("chown", ["nobody:nogroup", data], asNobody: false);
        }

        var port = FreePort();
        var server = new PostgresServer(bin, data, port, asNobody);
        server.Tool("initdb", ["-D", data, "-U", User, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync"]);
        server.Tool("pg_ctl", ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60",
            "-o", string.Create(CultureInfo.InvariantCulture, $"-k {data} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"), "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        try
        {
            Tool("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // The temp cleaner gets what a stopping server still held.
            }
        }
    }

    private void Tool(string name, IReadOnlyList<string> arguments) => Run(Path.Combine(_bin, name), arguments, _asNobody);

    private static void Run(string file, IReadOnlyList<string> arguments, bool asNobody)
    {
        var start = new ProcessStartInfo(asNobody ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asNobody)
        {
            foreach (var a in new[] { "-u", "nobody", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} did not finish within 2 minutes");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {error.Result}{output.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
