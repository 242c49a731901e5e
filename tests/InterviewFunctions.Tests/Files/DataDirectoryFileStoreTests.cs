using InterviewFunctions.App.Files;
using InterviewFunctions.Core.Files;
using InterviewFunctions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace InterviewFunctions.Tests.Files;

public sealed class DataDirectoryFilesFixture : IDisposable
{
    public string Directory { get; } = RepoPaths.NewTempDirectory("if-files");

    public void Dispose() => RepoPaths.DeleteQuietly(Directory);
}

/// <summary>The contract on the data-directory store, and what only a folder on disk can show.</summary>
public sealed class DataDirectoryFileStoreTests(DataDirectoryFilesFixture fixture) : FileStoreContract, IClassFixture<DataDirectoryFilesFixture>
{
    private readonly DataDirectoryFileStore _store = new(Path.Combine(fixture.Directory, "files"));

    protected override IFileStore Files => _store;

    [Fact]
    public async Task A_file_lies_at_the_path_its_key_names_with_no_temporary_file_left_behind()
    {
        var key = NewKey();

        await Files.PutAsync(key, new MemoryStream([1, 2, 3]), "application/pdf", default);

        var path = Path.Combine(_store.Root, Path.Combine(key.Split('/')));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(path));
        Assert.Equal(["resume.pdf", "resume.pdf~type"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_write_that_fails_midway_leaves_the_earlier_file_whole()
    {
        var key = NewKey();
        await Files.PutAsync(key, new MemoryStream("the original"u8.ToArray()), "text/plain", default);

        await Assert.ThrowsAsync<IOException>(() => Files.PutAsync(key, new FailingStream(), "text/plain", default));

        var stored = await Files.OpenReadAsync(key, default);
        Assert.NotNull(stored);
        await using (stored.Content)
        {
            Assert.Equal("the original"u8.ToArray(), await ReadAllAsync(stored.Content));
        }
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(Path.Combine(_store.Root, Path.Combine(key.Split('/'))))!).Length);
    }

    [Fact]
    public async Task A_file_open_for_reading_can_be_replaced_and_the_reader_keeps_what_it_opened()
    {
        var key = NewKey("open.txt");
        await Files.PutAsync(key, new MemoryStream("old"u8.ToArray()), "text/plain", default);
        var reading = await Files.OpenReadAsync(key, default);
        Assert.NotNull(reading);

        await using (reading.Content)
        {
            await Files.PutAsync(key, new MemoryStream("new"u8.ToArray()), "text/plain", default);
            Assert.Equal("old"u8.ToArray(), await ReadAllAsync(reading.Content));
        }
        var replaced = await Files.OpenReadAsync(key, default);
        await using (replaced!.Content)
        {
            Assert.Equal("new"u8.ToArray(), await ReadAllAsync(replaced.Content));
        }
    }

    [Fact]
    public void The_app_keeps_files_in_the_data_directory_unless_told_otherwise()
    {
        var dataDirectory = Path.Combine(fixture.Directory, "data");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = dataDirectory }).Build();
        using var provider = new ServiceCollection().AddFiles(configuration).Configure<App.Storage.StorageOptions>(configuration.GetSection("Storage")).BuildServiceProvider();

        var store = Assert.IsType<DataDirectoryFileStore>(provider.GetRequiredService<IFileStore>());

        Assert.Equal(Path.Combine(dataDirectory, "files"), store.Root);
    }

    [Fact]
    public void An_unknown_provider_stops_the_app_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Files:Provider"] = "s3" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFiles(configuration));

        Assert.Contains("Files:Provider", error.Message, StringComparison.Ordinal);
    }

    private sealed class FailingStream : MemoryStream
    {
        private int _reads;

        public FailingStream() : base(new byte[100_000])
        {
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ++_reads > 1 ? throw new IOException("the upload broke off") : base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) =>
            ++_reads > 1 ? throw new IOException("the upload broke off") : base.Read(buffer, offset, Math.Min(count, 1000));
    }
}
