package org.enginetls.pkcs11;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads which tokens a PKCS#11 module has, by slot id and label, through the module's own
 * {@code C_GetSlotList} and {@code C_GetTokenInfo} (called with the Foreign Function API, a public
 * JDK API; SunPKCS11 has no public way to name a token by its label).
 *
 * <p>The module is initialised for the process with OS locking, as SunPKCS11 initialises it, and left
 * so: SunPKCS11 accepts a module that is already initialised, and finalising it here could end the
 * sessions of other users of the module in this process. Only for LP64 platforms (64-bit
 * {@code CK_ULONG}), which is every platform the JDK ships SunPKCS11 on except Windows.
 */
final class TokenSlots {

    /** A slot with a token; the label is {@code null} when the token does not answer. */
    record Slot(long id, String label) {
    }

    private static final long CKR_OK = 0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;
    private static final long CKF_OS_LOCKING_OK = 0x2;
    /** Offsets of the functions in CK_FUNCTION_LIST: a 2-byte version padded to 8, then one pointer each. */
    private static final long C_INITIALIZE = 8;
    private static final long C_GET_SLOT_LIST = 40;
    private static final long C_GET_TOKEN_INFO = 56;
    private static final int TOKEN_INFO_SIZE = 256;
    private static final int LABEL_LENGTH = 32;

    private TokenSlots() {
    }

    /** The slots with a token, in the module's order (the order of SunPKCS11's {@code slotListIndex}). */
    static synchronized List<Slot> list(String library) throws TokenException {
        if (!"64".equals(System.getProperty("sun.arch.data.model")) || System.getProperty("os.name", "").startsWith("Windows")) {
            throw new TokenException("token.label needs a 64-bit Linux or macOS JVM here; set 'slot' instead", false, null);
        }
        try {
            Linker linker = Linker.nativeLinker();
            // the global arena keeps the module loaded, as SunPKCS11 keeps it
            SymbolLookup module = SymbolLookup.libraryLookup(Path.of(library), Arena.global());
            MemorySegment functionList = functionList(linker, module);
            initialize(linker, functionList.get(ADDRESS, C_INITIALIZE));
            return slots(linker, functionList.get(ADDRESS, C_GET_SLOT_LIST), functionList.get(ADDRESS, C_GET_TOKEN_INFO));
        } catch (TokenException e) {
            throw e;
        } catch (Throwable e) {
            throw new TokenException("cannot list the tokens of " + library + ": " + e, true, e);
        }
    }

    private static MemorySegment functionList(Linker linker, SymbolLookup module) throws Throwable {
        MemorySegment getFunctionList = module.find("C_GetFunctionList")
                .orElseThrow(() -> new TokenException("not a PKCS#11 module (no C_GetFunctionList)", false, null));
        MethodHandle call = linker.downcallHandle(getFunctionList, FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointer = arena.allocate(ADDRESS);
            check((long) call.invokeExact(pointer), "C_GetFunctionList");
            return pointer.get(ADDRESS, 0).reinterpret(C_GET_TOKEN_INFO + ADDRESS.byteSize());
        }
    }

    private static void initialize(Linker linker, MemorySegment function) throws Throwable {
        MethodHandle call = linker.downcallHandle(function, FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            // CK_C_INITIALIZE_ARGS: four mutex callbacks (none), flags, reserved
            MemorySegment arguments = arena.allocate(6 * 8L);
            arguments.set(JAVA_LONG, 4 * 8L, CKF_OS_LOCKING_OK);
            long result = (long) call.invokeExact(arguments);
            if (result != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                check(result, "C_Initialize");
            }
        }
    }

    private static List<Slot> slots(Linker linker, MemorySegment getSlotList, MemorySegment getTokenInfo) throws Throwable {
        MethodHandle slotList = linker.downcallHandle(getSlotList, FunctionDescriptor.of(JAVA_LONG, JAVA_BYTE, ADDRESS, ADDRESS));
        MethodHandle tokenInfo = linker.downcallHandle(getTokenInfo, FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS));
        List<Slot> slots = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_LONG);
            check((long) slotList.invokeExact((byte) 1, MemorySegment.NULL, count), "C_GetSlotList");
            long n = count.get(JAVA_LONG, 0);
            MemorySegment ids = arena.allocate(JAVA_LONG, Math.max(1, n));
            check((long) slotList.invokeExact((byte) 1, ids, count), "C_GetSlotList");
            n = count.get(JAVA_LONG, 0);
            MemorySegment info = arena.allocate(TOKEN_INFO_SIZE);
            for (long i = 0; i < n; i++) {
                long id = ids.getAtIndex(JAVA_LONG, i);
                String label = null;
                if ((long) tokenInfo.invokeExact(id, info) == CKR_OK) {
                    label = new String(info.asSlice(0, LABEL_LENGTH).toArray(JAVA_BYTE), StandardCharsets.UTF_8).strip();
                }
                slots.add(new Slot(id, label));
            }
        }
        return slots;
    }

    private static void check(long result, String function) throws TokenException {
        if (result != CKR_OK) {
            throw new TokenException(function + " failed: CKR 0x" + Long.toHexString(result), true, null);
        }
    }
}
