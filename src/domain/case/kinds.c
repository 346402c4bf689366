/* kinds.c — the registry of case kinds: the one table the API router, the menu, the
 * web app (through /menu and each kind's /schema) and the command line read. A new
 * kind is a file under kinds/ and one line here (docs/development.md). */
#include <string.h>

#include "domain/case/case_impl.h"

extern const case_kind proposal_kind, petition_kind, opinion_kind, deliberation_kind;

const case_kind *const case_kinds[] = {&proposal_kind, &petition_kind, &opinion_kind,
                                       &deliberation_kind, NULL};

const case_kind *case_kind_find(const char *plural) {
    for (int i = 0; plural && case_kinds[i]; i++)
        if (strcmp(case_kinds[i]->plural, plural) == 0)
            return case_kinds[i];
    return NULL;
}

const case_kind *case_kind_named(const char *name) {
    for (int i = 0; name && case_kinds[i]; i++)
        if (strcmp(case_kinds[i]->name, name) == 0)
            return case_kinds[i];
    return NULL;
}

bool case_action_known(const char *action) {
    if (case_transition_find(action))
        return true;
    for (int i = 0; case_kinds[i]; i++)
        for (int j = 0; j < case_kinds[i]->nown; j++)
            if (strcmp(case_kinds[i]->own[j].name, action) == 0)
                return true;
    return false;
}
