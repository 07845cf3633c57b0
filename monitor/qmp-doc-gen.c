/*
 * qmp-doc-gen: print the QMP command reference rendered from the
 * compiled-in schema (qmp_schema_doc_markdown()), so docs/qmp.md is
 * generated from the same qapi/*.json that checks arguments and answers
 * query-qmp-schema.  monitor/qmp-doc.py splices it into docs/qmp.md and
 * checks that the committed copy is current (test qmp-docs).
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"

int main(int argc, char **argv)
{
    char *md;

    if (argc != 1) {
        fprintf(stderr, "usage: %s   (writes Markdown to stdout)\n",
                argv[0]);
        return 2;
    }
    md = qmp_schema_doc_markdown();
    fputs(md, stdout);
    g_free(md);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
