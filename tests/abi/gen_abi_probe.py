#!/usr/bin/env python3
"""Generates the ABI probe sources for tests/abi.

Parses cudashim's own headers (api/include) and writes, into OUT_DIR:
  probe_items.inc     probe statements for every record, member, enum constant, typedef, macro and
                      function declared there (one P(...) line each, grouped by #if guards);
  probe_ref_decls.inc reference prototypes of the __cuda* entry points (NVCC_ABI.md section 2.2),
                      which the toolkit declares only inside nvcc-internal headers;
  declared_functions.txt  every function name our headers declare (for the exports check);
  function_parts.txt  each function's probe part (GL/EGL parts need system headers);
  probe_counts.txt    how many items of each kind were generated.
The same probe_items.inc is compiled once against our headers and once against the toolkit's; the
test compares the two outputs line by line.

usage: gen_abi_probe.py API_INCLUDE_DIR OUT_DIR
"""
import os
import re
import sys

# Header -> preprocessor condition its probes need (interop headers need system GL/EGL headers).
# Header -> probe part. Parts let the toolkit side compile each group in a translation unit with
# the right settings (see abi_probe.cpp); GL and EGL parts also need the system GL/EGL headers.
HEADERS = [
    ('vector_types.h', 'CORE'),
    ('driver_types.h', 'CORE'),
    ('texture_types.h', 'CORE'),
    ('surface_types.h', 'CORE'),
    ('device_types.h', 'CORE'),
    ('cuda_runtime_api.h', 'CORE'),
    ('cuda_internal_abi.h', 'CORE'),
    ('cuda_profiler_api.h', 'CORE'),
    ('cuda_vdpau_interop.h', 'CORE'),  # the test supplies a stand-in <vdpau/vdpau.h>
    ('cuda_gl_interop.h', 'GL'),
    ('cuda_egl_interop.h', 'EGL'),
]

# Reference prototypes of the compiler-facing entry points (NVCC_ABI.md section 2.2). Entry points
# whose argument lists are undocumented (__cudaRegisterUnifiedTable, __cudaGetProcAddress) have none.
REF_DECLS = '''
void **__cudaRegisterFatBinary(void *fatCubin);
void __cudaRegisterFatBinaryEnd(void **fatCubinHandle);
void __cudaUnregisterFatBinary(void **fatCubinHandle);
void __cudaRegisterFunction(void **h, const char *hostFun, char *deviceFun, const char *deviceName,
                            int thread_limit, uint3 *tid, uint3 *bid, dim3 *bDim, dim3 *gDim, int *wSize);
void __cudaRegisterVar(void **h, char *hostVar, char *deviceAddress, const char *deviceName, int ext,
                       size_t size, int constant, int global);
void __cudaRegisterManagedVar(void **h, void **hostVarPtrAddress, char *deviceAddress,
                              const char *deviceName, int ext, size_t size, int constant, int global);
char __cudaInitModule(void **h);
void __cudaRegisterHostVar(void **h, const char *deviceName, char *hostVar, size_t size);
unsigned __cudaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem, struct CUstream_st *stream);
cudaError_t __cudaPopCallConfiguration(dim3 *gridDim, dim3 *blockDim, size_t *sharedMem, void *stream);
cudaError_t __cudaGetKernel(cudaKernel_t *kernel, const void *hostFun);
cudaError_t __cudaLaunchKernel(cudaKernel_t k, dim3 g, dim3 b, void **args, size_t shmem, cudaStream_t s);
cudaError_t __cudaLaunchKernel_ptsz(cudaKernel_t k, dim3 g, dim3 b, void **args, size_t shmem, cudaStream_t s);
'''
REF_NAMES = set(re.findall(r'(__cuda\w+)\(', REF_DECLS))


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', ' ', text)


def preprocess(text):
    """Drops C++-only blocks and preprocessor lines; returns (code, [(macro, value)])."""
    out, macros, skip = [], [], 0
    text = re.sub(r'\\\n', ' ', text)  # join continued lines
    for line in text.splitlines():
        s = line.strip()
        if s.startswith('#'):
            d = re.sub(r'^#\s*', '', s)
            if skip:
                if d.startswith('if'):
                    skip += 1
                elif d.startswith('endif'):
                    skip -= 1
                continue
            if re.match(r'if\s+defined\s*\(\s*__cplusplus\s*\)', d):
                skip = 1
                continue
            m = re.match(r'define\s+(\w+)(\([^)]*\))?\s*(.*)$', d)
            if m and not m.group(2):
                macros.append((m.group(1), m.group(3).strip()))
            continue
        if not skip:
            out.append(line)
    return '\n'.join(out), macros


def split_top(text, sep=';'):
    """Splits at `sep` outside braces/parentheses."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in '{(':
            depth += 1
        elif ch in '})':
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(''.join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    tail = ''.join(cur).strip()
    if tail:
        parts.append(tail)
    return [re.sub(r'\s+', ' ', p) for p in parts if p.strip()]


def declarator_name(decl):
    m = re.search(r'\(\s*(?:\w+\s+)?\*\s*(\w+)\s*\)\s*\(', decl)  # function pointer
    if m:
        return m.group(1)
    decl = re.sub(r'(\[[^\]]*\]\s*)+$', '', decl.strip())
    return re.findall(r'\w+', decl)[-1]


def parse_members(body, prefix, out):
    for item in split_top(body):
        m = re.match(r'^(struct|union)\s*\{(.*)\}\s*(.*)$', item)
        if m:
            names = [n.strip() for n in m.group(3).split(',') if n.strip()]
            if not names:  # anonymous member: its fields belong to the enclosing record
                parse_members(m.group(2), prefix, out)
            for n in names:
                name = declarator_name(n)
                out.append(prefix + name)
                sub = prefix + name + ('[0].' if '[' in n else '.')
                parse_members(m.group(2), sub, out)
            continue
        if '{' in item:
            raise SystemExit('unsupported member: ' + item)
        out.append(prefix + declarator_name(item))


class Parsed:
    def __init__(self):
        self.records = []      # (tag, name, [member paths], guard)
        self.enums = []        # (name, [constants], guard)
        self.typedefs = []     # (name, target text, guard)
        self.macros = []       # (name, value, guard)
        self.functions = []    # (name, header, guard)
        self.forward = set()


def parse_header(path, guard, P):
    code, macros = preprocess(strip_comments(open(path).read()))
    for name, value in macros:
        P.macros.append((name, value, guard))
    for st in split_top(code):
        st = re.sub(r'^extern\s+"C"\s*\{\s*', '', st).strip()
        if st in ('}', ''):
            continue
        m = re.match(r'^(struct|union|enum)\s+(?:CUDASHIM_ALIGN\(\d+\)\s+)?(\w+)\s*\{(.*)\}$', st)
        if m:
            tag, name, body = m.groups()
            if tag == 'enum':
                consts = [re.match(r'\s*(\w+)', c).group(1) for c in body.split(',') if c.strip()]
                P.enums.append((name, consts, guard))
            else:
                members = []
                parse_members(body, '', members)
                P.records.append((tag, name, members, guard))
            continue
        m = re.match(r'^(struct|union|enum)\s+(\w+)$', st)
        if m:
            P.forward.add(m.group(2))
            continue
        if st.startswith('typedef '):
            if '{' in st:
                raise SystemExit('unsupported typedef: ' + st)
            P.typedefs.append((declarator_name(st[8:]), st[8:], guard))
            continue
        m = re.match(r'^([\w\s\*]+?)\b(\w+)\s*\((.*)\)$', st)
        if m and '{' not in st:
            P.functions.append((m.group(2), os.path.basename(path), guard))
            continue
        raise SystemExit(f'{path}: cannot classify: {st[:120]}')


def main():
    inc, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    P = Parsed()
    for h, guard in HEADERS:
        parse_header(os.path.join(inc, h), guard, P)

    defined = {n for _, n, _, _ in P.records}
    type_names = defined | {n for n, _, _ in P.typedefs} | {n for n, _, _ in P.enums}
    enum_consts = {c for _, cs, _ in P.enums for c in cs}
    lines, counts = [], dict(records=0, members=0, enums=0, enum_constants=0, typedefs=0,
                             macros=0, functions=0, functions_ref=0)

    def emit(guard, stmt):
        lines.append((guard, stmt))

    for tag, name, members, guard in P.records:
        emit(guard, f'PROBE_RECORD({tag} {name}, "{name}");')
        counts['records'] += 1
        for mpath in members:
            emit(guard, f'PROBE_MEMBER({tag} {name}, "{name}", {mpath}, "{mpath}");')
            counts['members'] += 1
    for name, consts, guard in P.enums:
        emit(guard, f'PROBE_ENUM(enum {name}, "{name}");')
        counts['enums'] += 1
        for c in consts:
            emit(guard, f'PROBE_ENUM_CONST("{name}", {c}, "{c}");')
            counts['enum_constants'] += 1
    for name, target, guard in P.typedefs:
        incomplete = re.match(r'^(?:const\s+)?(?:struct|union)\s+(\w+)\s+\w+$', target)
        if incomplete and incomplete.group(1) not in defined:
            emit(guard, f'PROBE_TYPE_ONLY({name}, "{name}");')
        else:
            emit(guard, f'PROBE_TYPEDEF({name}, "{name}");')
        counts['typedefs'] += 1
    for name, value, guard in P.macros:
        if name.startswith('CUDASHIM_') or not value or name.endswith('_H'):
            continue
        if value in type_names:
            emit(guard, f'PROBE_MACRO_TYPE({name}, "{name}");')
        elif value in enum_consts or re.match(r'^[(\w\s)\-+]+$', value):
            emit(guard, f'PROBE_MACRO_VALUE({name}, "{name}");')
        else:
            raise SystemExit(f'macro {name} = {value}: unknown kind')
        counts['macros'] += 1
    for name, header, guard in P.functions:
        if header == 'cuda_internal_abi.h':
            if name in REF_NAMES:
                emit(guard, f'PROBE_INTERNAL_FUNC({name}, "{name}");')
                counts['functions_ref'] += 1
            else:
                emit(guard, f'PROBE_OURS_ONLY_FUNC({name}, "{name}");')
        elif re.search(r'_pt(sz|ds)$', name):
            emit('PT', f'PROBE_FUNC({name}, "{name}");')
        else:
            emit(guard, f'PROBE_FUNC({name}, "{name}");')
        counts['functions'] += 1

    with open(os.path.join(out_dir, 'probe_items.inc'), 'w') as f:
        f.write('/* generated by tests/abi/gen_abi_probe.py from api/include: do not edit */\n')
        cur = None
        for guard, stmt in lines:
            if guard != cur:
                if cur:
                    f.write('#endif\n')
                f.write(f'#if CUDASHIM_ABI_PART_{guard}\n')
                cur = guard
            f.write(stmt + '\n')
        if cur:
            f.write('#endif\n')
    with open(os.path.join(out_dir, 'probe_ref_decls.inc'), 'w') as f:
        f.write('/* generated: reference prototypes of the __cuda* entry points */\n' + REF_DECLS)
    with open(os.path.join(out_dir, 'declared_functions.txt'), 'w') as f:
        f.write(''.join(n + '\n' for n, _, _ in sorted(P.functions)))
    with open(os.path.join(out_dir, 'function_parts.txt'), 'w') as f:
        f.write(''.join(f'{n}\t{g}\n' for n, _, g in sorted(P.functions)))
    with open(os.path.join(out_dir, 'probe_counts.txt'), 'w') as f:
        f.write(''.join(f'{k}\t{v}\n' for k, v in counts.items()))


if __name__ == '__main__':
    main()
