using System.Text;
using InterviewFunctions.Core.Files;

namespace InterviewFunctions.Tests.Files;

/// <summary>What every file store must do, run unchanged against the data-directory store and against Azurite's blob service.</summary>
public abstract class FileStoreContract
{
    protected abstract IFileStore Files { get; }

    /// <summary>Each test writes under a prefix of its own, so the tests share a store without seeing each other's files.</summary>
    protected static string NewKey(string leaf = "resume.pdf") => $"t-{Guid.NewGuid():N}/resumes/{leaf}";

    [Fact]
    public async Task A_stored_file_reads_back_with_its_content_type_and_length()
    {
        var key = NewKey();
        var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31 % 251)).ToArray();

        await Files.PutAsync(key, new MemoryStream(bytes), "application/pdf", default);
        var stored = await Files.OpenReadAsync(key, default);

        Assert.NotNull(stored);
        await using (stored.Content)
        {
            Assert.Equal("application/pdf", stored.ContentType);
            Assert.Equal(bytes.Length, stored.Length);
            Assert.Equal(bytes, await ReadAllAsync(stored.Content));
        }
    }

    [Fact]
    public async Task An_empty_file_is_a_file()
    {
        var key = NewKey("empty.txt");

        await Files.PutAsync(key, new MemoryStream(), "text/plain", default);
        var stored = await Files.OpenReadAsync(key, default);

        Assert.NotNull(stored);
        await using (stored.Content)
        {
            Assert.Equal(0, stored.Length);
            Assert.Empty(await ReadAllAsync(stored.Content));
        }
    }

    [Fact]
    public async Task Writing_again_replaces_the_content_and_the_type()
    {
        var key = NewKey("transcript.txt");
        await Files.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("first version, longer than the second")), "text/plain", default);

        await Files.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes("second")), "text/markdown; charset=utf-8", default);
        var stored = await Files.OpenReadAsync(key, default);

        Assert.NotNull(stored);
        await using (stored.Content)
        {
            Assert.Equal("text/markdown; charset=utf-8", stored.ContentType);
            Assert.Equal("second", Encoding.UTF8.GetString(await ReadAllAsync(stored.Content)));
        }
    }

    [Fact]
    public async Task A_missing_file_reads_as_null_and_deletes_as_false()
    {
        var key = NewKey();

        Assert.Null(await Files.OpenReadAsync(key, default));
        Assert.False(await Files.DeleteAsync(key, default));
    }

    [Fact]
    public async Task A_deleted_file_is_gone_and_a_second_delete_finds_nothing()
    {
        var key = NewKey();
        await Files.PutAsync(key, new MemoryStream([1, 2, 3]), "application/octet-stream", default);

        Assert.True(await Files.DeleteAsync(key, default));
        Assert.Null(await Files.OpenReadAsync(key, default));
        Assert.False(await Files.DeleteAsync(key, default));
    }

    [Fact]
    public async Task Keys_are_exact_names_not_prefixes()
    {
        var folder = $"t-{Guid.NewGuid():N}";
        await Files.PutAsync($"{folder}/a.txt", new MemoryStream("a"u8.ToArray()), "text/plain", default);
        await Files.PutAsync($"{folder}/a.txt.bak", new MemoryStream("b"u8.ToArray()), "text/plain", default);

        Assert.True(await Files.DeleteAsync($"{folder}/a.txt", default));
        var other = await Files.OpenReadAsync($"{folder}/a.txt.bak", default);

        Assert.NotNull(other);
        await using (other.Content)
        {
            Assert.Equal("b", Encoding.UTF8.GetString(await ReadAllAsync(other.Content)));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape.pdf")]
    [InlineData("acme/../../escape.pdf")]
    [InlineData("acme/..")]
    [InlineData("/etc/passwd")]
    [InlineData("acme//resume.pdf")]
    [InlineData("acme/resume.pdf/")]
    [InlineData("acme/./resume.pdf")]
    [InlineData("Acme/Resume.PDF")]
    [InlineData("acme\\resume.pdf")]
    [InlineData("acme/résumé.pdf")]
    [InlineData("acme/resume pdf")]
    [InlineData("acme/resume.pdf~type")]
    [InlineData("c:/windows/win.ini")]
    [InlineData("acme/resume.pdf?comp=list")]
    public async Task A_key_outside_the_documented_characters_is_refused_before_anything_is_touched(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Files.PutAsync(key, new MemoryStream([1]), "application/pdf", default));
        await Assert.ThrowsAsync<ArgumentException>(() => Files.OpenReadAsync(key, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Files.DeleteAsync(key, default));
    }

    [Fact]
    public async Task A_key_of_the_documented_shape_is_accepted()
    {
        var key = $"t-{Guid.NewGuid():N}/resumes/2026_11-21.v2.docx";

        await Files.PutAsync(key, new MemoryStream([1]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", default);

        Assert.True(await Files.DeleteAsync(key, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pdf")]
    [InlineData("not a type")]
    public async Task A_content_type_that_is_not_a_media_type_is_refused(string contentType) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Files.PutAsync(NewKey(), new MemoryStream([1]), contentType, default));

    protected static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
