/* Shared objects (posix.dl, kind resource): dlopen / dlclose.
 *
 * dlsym borrows the handle; the symbol it returns is not a handle.
 */
#include <dlfcn.h>
#include <stddef.h>

/* Leaks: a plugin without the ABI symbol is rejected but stays loaded. */
int leak_dlopen_missing_symbol(const char *path)
{
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return -1;
    const int *abi = dlsym(lib, "plugin_abi_version");
    if (!abi)
        return -1; // expect: leak.resource
    int v = *abi;
    dlclose(lib);
    return v;
}

/* Clean: the plugin is unloaded on both paths, after its symbol is read. */
int clean_dlopen_missing_symbol(const char *path)
{
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib)
        return -1;
    const int *abi = dlsym(lib, "plugin_abi_version");
    int v = abi ? *abi : -1;
    dlclose(lib);
    return v;
}
