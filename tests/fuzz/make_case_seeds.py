#!/usr/bin/env python3
"""make_case_seeds.py — writes tests/fuzz/corpus/case_actions/: seeds for
fuzz_case_actions.c, each three selector bytes (case, action, caller: taken modulo
what exists, see the harness) and then a body every action input of docs/cases.md
would take, so the fuzzer starts from bodies the engine gets past its type checks."""

import json
import os

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "case_actions")
BODIES = [
    {}, {"text": "同意"}, {"reason": "no_content", "text": "内容为商业推广"},
    {"units": [{"unit_id": 1, "role": "lead"}, {"unit_id": 2, "role": "co"}], "assigned_on": "2024-03-15",
     "difficult": True},
    {"units": [{"unit_id": 1, "role": "separate"}]}, {"reason": "该事项不属于本单位职责"},
    {"class": "A", "text": "已列入年度改造计划，年内完成。"}, {"class": "B", "text": "正在解决"},
    {"rating": "unsatisfied", "text": "答复未落实具体时间"}, {"rating": "satisfied", "person_id": 1},
    {"due_on": "2027-12-31", "reason": "需要协调多个部门"}, {"extension_id": 1, "approve": True},
    {"extension_id": 1, "approve": False, "reason": "理由不充分"}, {"key_supervision": True},
    {"published": True, "text": "公开答复"}, {"into": 1}, {"to": "常山县信访局", "forwarded_on": "2024-03-20"},
]


def main():
    os.makedirs(OUT, exist_ok=True)
    n = 0
    for i, body in enumerate(BODIES):
        for sel in range(4):  # a few cases, actions and callers for each body
            data = bytes([(i * 7 + sel * 11) % 256, (i * 3 + sel) % 256, (i + sel * 5) % 256])
            data += json.dumps(body, ensure_ascii=False).encode()
            with open(os.path.join(OUT, f"seed-{i:02d}-{sel}"), "wb") as fh:
                fh.write(data)
            n += 1
    print(f"make_case_seeds.py: {n} seeds in {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
