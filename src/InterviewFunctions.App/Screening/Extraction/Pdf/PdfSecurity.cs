using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace InterviewFunctions.App.Screening.Extraction.Pdf;

/// <summary>
/// The Standard security handler (ISO 32000-1 §7.6.3, ISO 32000-2 §7.6.4) for files that open with the empty user
/// password, which is what "restrict editing" in Word, LibreOffice and Acrobat produces: RC4 40 to 128 bits (R2-R4),
/// AESV2 (R4) and AESV3 (R5, R6). Any other handler, or a non-empty user password, is a <see cref="PdfPasswordException"/>.
/// </summary>
[SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "MD5 and RC4 are what the PDF format prescribes for these revisions; they only read files, never protect our data.")]
internal sealed class PdfSecurity
{
    private static readonly byte[] Padding =
    [
        0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
        0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
    ];

    private enum Cipher
    {
        None,
        Rc4,
        AesV2,
        AesV3,
    }

    private readonly byte[] _fileKey;
    private readonly Cipher _streams;
    private readonly Cipher _strings;

    private PdfSecurity(byte[] fileKey, Cipher streams, Cipher strings)
    {
        _fileKey = fileKey;
        _streams = streams;
        _strings = strings;
    }

    /// <summary>The number of the /Encrypt dictionary's own object, whose strings are never encrypted.</summary>
    public int EncryptObjectNumber { get; set; } = -1;

    public static PdfSecurity Open(PdfDictionary encrypt, byte[] firstId)
    {
        if (encrypt.Name("Filter") != "Standard")
        {
            throw new PdfPasswordException($"The PDF uses the '{encrypt.Name("Filter")}' security handler, which needs credentials.");
        }
        var version = (int)encrypt.Number("V");
        var revision = (int)encrypt.Number("R");
        var owner = (encrypt["O"] as PdfString)?.Bytes ?? [];
        var user = (encrypt["U"] as PdfString)?.Bytes ?? [];
        var permissions = (int)(long)encrypt.Number("P");
        var encryptMetadata = encrypt["EncryptMetadata"] is not false;
        Cipher streams = Cipher.Rc4, strings = Cipher.Rc4;
        var keyBytes = version == 1 ? 5 : Math.Clamp((int)encrypt.Number("Length", 40) / 8, 5, 16);
        if (version >= 4)
        {
            streams = CryptFilter(encrypt, encrypt.Name("StmF"), ref keyBytes);
            strings = CryptFilter(encrypt, encrypt.Name("StrF"), ref keyBytes);
        }
        if (revision >= 5)
        {
            return new PdfSecurity(Aes256FileKey(encrypt, user, revision), streams, strings);
        }
        if (revision is < 2 or > 4 || owner.Length < 32 || user.Length < 16)
        {
            throw new PdfPasswordException("The PDF's encryption dictionary is not one this reader knows.");
        }
        if (revision == 2)
        {
            keyBytes = 5;
        }
        var key = Rc4FileKey(owner, permissions, firstId, revision, keyBytes, encryptMetadata);
        if (!UserPasswordIsEmpty(key, user, firstId, revision))
        {
            throw new PdfPasswordException("The PDF needs a user password.");
        }
        return new PdfSecurity(key, streams, strings);
    }

    private static Cipher CryptFilter(PdfDictionary encrypt, string? name, ref int keyBytes)
    {
        if (name is null or "Identity")
        {
            return Cipher.None;
        }
        var filter = encrypt.Dictionary("CF")?.Dictionary(name);
        var method = filter?.Name("CFM");
        if (filter?["Length"] is double bits)
        {
            // /Length here is in bytes for most writers, in bits for some; either reading lands in 5..16 bytes.
            keyBytes = bits > 16 ? Math.Clamp((int)bits / 8, 5, 16) : Math.Clamp((int)bits, 5, 16);
        }
        return method switch
        {
            "AESV2" => Cipher.AesV2,
            "AESV3" => Cipher.AesV3,
            "None" => Cipher.None,
            _ => Cipher.Rc4,
        };
    }

    /// <summary>Algorithm 2: the file key from the (empty) user password.</summary>
    private static byte[] Rc4FileKey(byte[] owner, int permissions, byte[] firstId, int revision, int keyBytes, bool encryptMetadata)
    {
        var input = new List<byte>(Padding);
        input.AddRange(owner.AsSpan(0, 32).ToArray());
        input.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes(permissions) : BitConverter.GetBytes(permissions).Reverse());
        input.AddRange(firstId);
        if (revision >= 4 && !encryptMetadata)
        {
            input.AddRange([0xFF, 0xFF, 0xFF, 0xFF]);
        }
        var hash = MD5.HashData(input.ToArray());
        if (revision >= 3)
        {
            for (var i = 0; i < 50; i++)
            {
                hash = MD5.HashData(hash.AsSpan(0, keyBytes));
            }
        }
        return hash.AsSpan(0, keyBytes).ToArray();
    }

    /// <summary>Algorithms 4 and 5: does the key computed from the empty password reproduce /U?</summary>
    private static bool UserPasswordIsEmpty(byte[] key, byte[] user, byte[] firstId, int revision)
    {
        if (revision == 2)
        {
            return Rc4.Apply(key, Padding).AsSpan().SequenceEqual(user.AsSpan(0, Math.Min(32, user.Length)));
        }
        var check = Rc4.Apply(key, MD5.HashData([.. Padding, .. firstId]));
        var round = new byte[key.Length];
        for (var i = 1; i <= 19; i++)
        {
            for (var k = 0; k < key.Length; k++)
            {
                round[k] = (byte)(key[k] ^ i);
            }
            check = Rc4.Apply(round, check);
        }
        return check.AsSpan(0, 16).SequenceEqual(user.AsSpan(0, 16));
    }

    /// <summary>Algorithm 2.A for the empty user password: validate with /U, then unwrap /UE.</summary>
    private static byte[] Aes256FileKey(PdfDictionary encrypt, byte[] user, int revision)
    {
        var userKey = (encrypt["UE"] as PdfString)?.Bytes ?? [];
        if (user.Length < 48 || userKey.Length < 32)
        {
            throw new PdfPasswordException("The PDF's encryption dictionary is not one this reader knows.");
        }
        var validationSalt = user.AsSpan(32, 8).ToArray();
        var keySalt = user.AsSpan(40, 8).ToArray();
        if (!Hash(revision, validationSalt).AsSpan().SequenceEqual(user.AsSpan(0, 32)))
        {
            throw new PdfPasswordException("The PDF needs a user password.");
        }
        using var aes = Aes.Create();
        aes.Key = Hash(revision, keySalt);
        return aes.DecryptCbc(userKey.AsSpan(0, 32), new byte[16], PaddingMode.None);
    }

    /// <summary>R5: SHA-256 of password and salt. R6: algorithm 2.B, the iterated SHA-256/384/512 hash. The password is empty.</summary>
    private static byte[] Hash(int revision, byte[] salt)
    {
        var k = SHA256.HashData(salt);
        if (revision < 6)
        {
            return k;
        }
        using var aes = Aes.Create();
        var round = 0;
        byte[] e = [];
        while (round < 64 || e[^1] > round - 32)
        {
            // K1 is 64 copies of (password + K + user data); password and user data are empty here.
            var k1 = new byte[64 * k.Length];
            for (var i = 0; i < 64; i++)
            {
                k.CopyTo(k1, i * k.Length);
            }
            aes.Key = k.AsSpan(0, 16).ToArray();
            e = aes.EncryptCbc(k1, k.AsSpan(16, 16), PaddingMode.None);
            var sum = 0;
            for (var i = 0; i < 16; i++)
            {
                sum += e[i];
            }
            k = (sum % 3) switch
            {
                0 => SHA256.HashData(e),
                1 => SHA384.HashData(e),
                _ => SHA512.HashData(e),
            };
            round++;
            if (round > 10_000)
            {
                break; // cannot happen with a real hash; a bound all the same
            }
        }
        return k.AsSpan(0, 32).ToArray();
    }

    public byte[] DecryptString(byte[] data, PdfReference container) => Decrypt(data, container, _strings);

    public byte[] DecryptStream(byte[] data, PdfReference container) => Decrypt(data, container, _streams);

    private byte[] Decrypt(byte[] data, PdfReference container, Cipher cipher)
    {
        switch (cipher)
        {
            case Cipher.None:
                return data;
            case Cipher.AesV3:
                return AesDecrypt(_fileKey, data);
        }
        // Algorithm 1: the object key mixes in the object number and generation (and "sAlT" for AES).
        var input = new byte[_fileKey.Length + 5 + (cipher == Cipher.AesV2 ? 4 : 0)];
        _fileKey.CopyTo(input, 0);
        var at = _fileKey.Length;
        input[at++] = (byte)container.Number;
        input[at++] = (byte)(container.Number >> 8);
        input[at++] = (byte)(container.Number >> 16);
        input[at++] = (byte)container.Generation;
        input[at++] = (byte)(container.Generation >> 8);
        if (cipher == Cipher.AesV2)
        {
            "sAlT"u8.CopyTo(input.AsSpan(at));
        }
        var key = MD5.HashData(input).AsSpan(0, Math.Min(_fileKey.Length + 5, 16)).ToArray();
        return cipher == Cipher.AesV2 ? AesDecrypt(key, data) : Rc4.Apply(key, data);
    }

    /// <summary>AES-CBC with the IV in the first 16 bytes and PKCS#7 padding; damaged padding keeps the unpadded bytes.</summary>
    private static byte[] AesDecrypt(byte[] key, byte[] data)
    {
        if (data.Length < 32)
        {
            return [];
        }
        var body = data.AsSpan(16, (data.Length - 16) / 16 * 16);
        using var aes = Aes.Create();
        aes.Key = key;
        try
        {
            return aes.DecryptCbc(body, data.AsSpan(0, 16), PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return aes.DecryptCbc(body, data.AsSpan(0, 16), PaddingMode.None);
        }
    }
}

/// <summary>RC4, which .NET does not offer; PDF still uses it in files made by older writers.</summary>
internal static class Rc4
{
    public static byte[] Apply(byte[] key, byte[] data)
    {
        Span<byte> state = stackalloc byte[256];
        for (var i = 0; i < 256; i++)
        {
            state[i] = (byte)i;
        }
        for (int i = 0, j = 0; i < 256; i++)
        {
            j = (j + state[i] + key[i % key.Length]) & 0xFF;
            (state[i], state[j]) = (state[j], state[i]);
        }
        var output = new byte[data.Length];
        for (int n = 0, i = 0, j = 0; n < data.Length; n++)
        {
            i = (i + 1) & 0xFF;
            j = (j + state[i]) & 0xFF;
            (state[i], state[j]) = (state[j], state[i]);
            output[n] = (byte)(data[n] ^ state[(state[i] + state[j]) & 0xFF]);
        }
        return output;
    }
}
