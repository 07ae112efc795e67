/*
 * A stand-in for Windows' bcryptprimitives.dll, for running jwtpad under Wine 8 only.
 *
 * Rust's standard library on Windows takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll (Windows 10 and 11 have it); Wine 8 does not ship that DLL, so every
 * Rust program fails to start there. This exports the one function, implemented with
 * RtlGenRandom (SystemFunction036 in advapi32), which Wine does have. .ci/windows.sh builds
 * it next to the test binaries; it is never committed as a binary nor put in the zip.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
