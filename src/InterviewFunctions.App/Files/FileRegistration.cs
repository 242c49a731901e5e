using InterviewFunctions.App.Storage;
using InterviewFunctions.Core.Files;
using Microsoft.Extensions.Options;

namespace InterviewFunctions.App.Files;

public static class FileRegistration
{
    /// <summary>The <see cref="IFileStore"/> chosen by <c>Files:Provider</c>: <c>local</c> (the default) or <c>blob</c>.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FileStoreOptions.Section);
        services.Configure<FileStoreOptions>(section);
        var options = section.Get<FileStoreOptions>() ?? new FileStoreOptions();
        switch (options.Provider.ToLowerInvariant())
        {
            case "local":
                services.AddSingleton<IFileStore>(sp =>
                {
                    var files = sp.GetRequiredService<IOptions<FileStoreOptions>>().Value;
                    return new DataDirectoryFileStore(string.IsNullOrWhiteSpace(files.Directory)
                        ? Path.Combine(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectoryFullPath, "files")
                        : files.Directory);
                });
                break;
            default:
                throw new InvalidOperationException($"Files:Provider must be 'local' or 'blob'; it is '{options.Provider}'.");
        }
        return services;
    }
}
