"""The calls python_reference_outputs.py sends to NeMo Gym's workplace_assistant server (ids refer to csv_data/).

CALL_PLAN: sessions of (tool, body) in order; a body is a dict (sent as JSON) or a raw JSON text (sent as is, so
that `2.0`, `1e16` or a malformed body reach the server exactly as written). Each session starts from a fresh
/seed_session unless it says "seed": False. Every tool has its success paths, every error path its Python code
has, and arguments of the wrong type (what a model may send), so the fixture pins texts and number formatting.
"""

import json
from pathlib import Path

TOOLS = {
    "company_directory_find_email_address": {"name": "raj"},
    "email_get_email_information_by_id": {"email_id": "00000003", "field": "subject"},
    "email_search_emails": {"query": "sprint", "date_min": "2023-09-01", "date_max": "2023-10-31", "page": 1, "page_size": 2},
    "email_send_email": {"recipient": "raj.patel@atlas.com", "subject": "Hi", "body": "Hello"},
    "email_delete_email": {"email_id": "00000004"},
    "email_forward_email": {"email_id": "00000005", "recipient": "kofi.mensah@atlas.com"},
    "email_reply_email": {"email_id": "00000006", "body": "Thanks"},
    "calendar_get_event_information_by_id": {"event_id": "00000001", "field": "event_name"},
    "calendar_search_events": {"query": "sync", "time_min": "2023-10-01 00:00:00", "time_max": "2023-11-30 23:59:00", "page": 1, "page_size": 2},
    "calendar_create_event": {"event_name": "Sync", "participant_email": "Raj.Patel@atlas.com", "event_start": "2023-12-04 10:00:00", "duration": "30"},
    "calendar_delete_event": {"event_id": "00000002"},
    "calendar_update_event": {"event_id": "00000003", "field": "event_name", "new_value": "Renamed"},
    "analytics_get_visitor_information_by_id": {"visitor_id": "d599z53"},
    "analytics_create_plot": {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "bar"},
    "analytics_total_visits_count": {"time_min": "2023-08-01", "time_max": "2023-08-05"},
    "analytics_engaged_users_count": {"time_min": "2023-08-01", "time_max": "2023-08-05"},
    "analytics_traffic_source_count": {"time_min": "2023-08-01", "time_max": "2023-08-05", "traffic_source": "direct"},
    "analytics_get_average_session_duration": {"time_min": "2023-08-01", "time_max": "2023-08-05"},
    "project_management_get_task_information_by_id": {"task_id": "00000001", "field": "task_name"},
    "project_management_search_tasks": {"task_name": "design", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Backlog", "due_date": "2023", "board": "Design"},
    "project_management_create_task": {"task_name": "Ship it", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Design"},
    "project_management_delete_task": {"task_id": "00000002"},
    "project_management_update_task": {"task_id": "00000003", "field": "task_name", "new_value": "Renamed"},
    "customer_relationship_manager_search_customers": {"customer_name": "garcia", "customer_email": "garcia", "product_interest": "Software", "status": "Won", "assigned_to_email": "atlas", "last_contact_date_min": "2023-01-01", "last_contact_date_max": "2023-12-31", "follow_up_by_min": "2023-01-01", "follow_up_by_max": "2024-12-31", "page": 1, "page_size": 3},
    "customer_relationship_manager_update_customer": {"customer_id": "00000001", "field": "notes", "new_value": "Called again"},
    "customer_relationship_manager_add_customer": {"customer_name": "Blake Rossi", "assigned_to_email": "Raj.Patel@atlas.com", "status": "Lead", "customer_email": "Blake@Rossi.com", "customer_phone": "555-0100", "last_contact_date": "2023-11-01", "product_interest": "Software", "notes": "New", "follow_up_by": "2023-12-01"},
    "customer_relationship_manager_delete_customer": {"customer_id": "00000004"},
}

# Values of the wrong type (or odd strings) a model may put in any argument.
ODD_VALUES = [7, 2.5, True, False, 0, -1, ["a"], [], {"a": 1}, "", " ", "1e16"]


def session(name, calls, seed=True):
    return {"name": name, "calls": calls, "seed": seed}


def odd_type_sessions():
    """For every tool and parameter: the valid call with that one argument replaced by each odd value."""
    sessions = []
    for tool, valid in TOOLS.items():
        for parameter in valid:
            calls = [(tool, {**valid, parameter: value}) for value in ODD_VALUES]
            sessions.append(session(f"odd values: {tool}.{parameter}", calls))
    return sessions


def stored_value_sessions():
    """Values of other types stored by one tool and read back by others (object columns, Python's re, NaN masks)."""
    return [
        session(
            "stored values: emails",
            [
                ("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": ["a", 1.5], "body": {"k": None, "1": True}}),
                ("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": 7, "body": 2.5}),
                ("email_search_emails", {"query": "raj.patel", "date_min": "2023-11-30"}),
                ("email_search_emails", {"query": "['a', 1.5]"}),
                ("email_get_email_information_by_id", {"email_id": "500", "field": "body"}),
                ("email_forward_email", {"email_id": "500", "recipient": "kofi.mensah@atlas.com"}),
                ("email_reply_email", {"email_id": "501", "body": ["x"]}),
                ("email_search_emails", {"query": "fw:"}),
                ("email_send_email", {"recipient": ["@", "."], "subject": "s", "body": "b"}),
            ],
        ),
        session(
            "stored values: calendar",
            [
                ("calendar_create_event", {"event_name": 7, "participant_email": "a@b.c", "event_start": 2.5, "duration": True}),
                ("calendar_create_event", {"event_name": "Late sync", "participant_email": "a@b.c", "event_start": "2023-12-31 23:00:00", "duration": 15}),
                ("calendar_search_events", {"query": "", "page_size": 2}),
                ("calendar_search_events", {"query": "late", "time_max": "1970-01-02 00:00:00"}),
                ("calendar_search_events", {"query": "("}),
                ("calendar_search_events", {"query": "sync", "page": 7, "page_size": 2}),
                ("calendar_get_event_information_by_id", {"event_id": "00000300", "field": "event_start"}),
                ("calendar_update_event", {"event_id": "00000300", "field": "duration", "new_value": 45}),
                ("calendar_update_event", {"event_id": "00000301", "field": "event_name", "new_value": ["renamed"]}),
                ("calendar_get_event_information_by_id", {"event_id": "00000301", "field": "event_name"}),
                ("calendar_search_events", {"query": "a@b", "time_min": "2023-12-31 22:00:00"}),
            ],
        ),
        session(
            "stored values: project management",
            [
                ("project_management_create_task", {"task_name": 7, "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Backlog", "due_date": ["2024"], "board": "Design"}),
                ("project_management_search_tasks", {"task_name": "x"}),
                ("project_management_search_tasks", {"due_date": "2024"}),
                ("project_management_search_tasks", {"board": "design", "list_name": "backlog", "assigned_to_email": "kofi.mensah@atlas.com"}),
                ("project_management_get_task_information_by_id", {"task_id": "00000300", "field": "due_date"}),
                ("project_management_update_task", {"task_id": "00000300", "field": "task_name", "new_value": 8}),
                ("project_management_update_task", {"task_id": "00000001", "field": "due_date", "new_value": 8}),
            ],
        ),
        session(
            "stored values: customers",
            [
                ("customer_relationship_manager_add_customer", {"customer_name": "Blake", "assigned_to_email": "raj.patel@atlas.com", "status": 3, "customer_phone": 2.5, "last_contact_date": 1e16, "product_interest": True, "follow_up_by": "2023-12-01"}),
                ("customer_relationship_manager_search_customers", {"customer_name": "blake"}),
                ("customer_relationship_manager_search_customers", {"status": "lead"}),
                ("customer_relationship_manager_search_customers", {"customer_email": "garcia"}),
                ("customer_relationship_manager_search_customers", {"last_contact_date_min": "2023-11-01"}),
                ("customer_relationship_manager_search_customers", {"follow_up_by_min": "2023-11-30", "page_size": 2}),
                ("customer_relationship_manager_update_customer", {"customer_id": "00000200", "field": "customer_phone", "new_value": 7}),
                ("customer_relationship_manager_update_customer", {"customer_id": "00000200", "field": "customer_email", "new_value": "B@C.D"}),
                ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "customer_name", "new_value": 5}),
                ("customer_relationship_manager_update_customer", {"customer_id": "00000200", "field": "status", "new_value": "Won"}),
                ("customer_relationship_manager_search_customers", {"follow_up_by_min": "2023-11-30"}),
                ("customer_relationship_manager_delete_customer", {"customer_id": "00000200"}),
                ("customer_relationship_manager_add_customer", {"customer_name": "C", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead"}),
            ],
        ),
        session(
            "events without a start time (NaT) sorted where CPython's timsort puts them",
            [("calendar_create_event", {"event_name": f"No start {i}", "participant_email": "a@b.c", "event_start": ["NaT", "nat", "NaN"][i % 3], "duration": "5"}) for i in range(9)]
            + [
                ("calendar_search_events", {"query": "", "page_size": 400}),
                ("calendar_search_events", {"query": "s", "page_size": 400}),
                ("calendar_search_events", {"query": "no start"}),
                ("calendar_create_event", {"event_name": "Aware", "participant_email": "a@b.c", "event_start": "2023-12-01T10:00:00Z", "duration": "5"}),
                ("calendar_search_events", {"query": "aware"}),
                ("calendar_search_events", {"query": "a"}),
            ],
        ),
        session(
            "stored values: many sends at the same time, sorted as pandas sorts them",
            [("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": f"Same time {i}", "body": "b"}) for i in range(24)]
            + [
                ("email_search_emails", {"query": "same time", "page_size": 30}),
                ("email_search_emails", {"query": "atlas", "date_min": "2023-11-30", "page_size": 30}),
                ("email_search_emails", {"query": "", "page_size": 40}),
            ],
        ),
        session(
            "AnalyticsTool.get_average_session_duration without bounds changes the session's durations to floats",
            [
                ("analytics_get_visitor_information_by_id", {"visitor_id": "d599z53"}),
                ("analytics_get_average_session_duration", {"time_max": "2023-08-02"}),
                ("analytics_get_visitor_information_by_id", {"visitor_id": "d599z53"}),
                ("analytics_get_average_session_duration", {}),
                ("analytics_get_visitor_information_by_id", {"visitor_id": "d599z53"}),
                ("analytics_engaged_users_count", {"time_max": "2023-08-02"}),
                ("analytics_traffic_source_count", {"time_max": "2023-08-02", "traffic_source": "referral"}),
                ("analytics_get_average_session_duration", {"time_min": "2023-08-02", "time_max": "2023-08-03"}),
            ],
        ),
    ]


DATE_STRINGS = [
    "2023-10-01", "2023-10-01 10:00", "2023-10-01T10:00:00", "2023-10-01T10:00:00Z", "2023-10-01T10:00:00+02:00",
    "2023-10-01 10:00:00.123", "2023-10-01T10", "2023-10", "2023", "20231001", "2023/10/01", "10/01/2023", "13/10/2023",
    "October 1, 2023", "Oct 1 2023", "1 October 2023", "October 2023", "Oct 1, 2023 10:00 AM", "2023-10-01 10am",
    "2023-10-01 25:00:00", "2023-10-01 10:61", "2023-02-30", "2023-13-01", "2023-1-5", "2023-01-05 9:30", "tomorrow",
    "1e16", "Monday", "2023.10.01", "1.5", "7", "99999-01-01", "2023-10-01 10:00:00 UTC", "Sept 5 2023",
    "5th October 2023", "Oct 5", "2023-10-05 14:00 PST", "2023-10-05 2:30 pm", "Thursday, October 5, 2023",
    "2023-10-05 24:00:00", "2023-10-05 14:00:00+0530", "12/31/2023 23:59:59", "1700000000", "2023-10-5", "30.09.2023",
    "2023 10 05", "2023-10-05 10:00:00 +00:00", "2024-02-29", "999", "13/13/2023", "2023-10-05 13pm", "  2023-10-05  ",
    "nan", "NaT", "2023-10-05Z", "abc2023-10-05",
]

REGEX_QUERIES = ["(?=sync)", "(s)ync\\1", "\\d+", "[", "a{2,1}", "\\q", "(?P<x>sync)", "(?<x>sync)", "sync|demo", "^Q", "sync$",
                 "s.nc", "[^a-z ]", "\\bsync\\b", "(?i)SYNC", "a{1001}", "\\p{L}", "\\Z", "sync\\Z", ")", "*x", "x**", "x++"]


def format_sessions():
    return [
        session("pd.Timestamp formats: email date_min", [("email_search_emails", {"query": "sprint", "date_min": text, "page_size": 1}) for text in DATE_STRINGS]),
        session("pd.Timestamp formats: calendar time_min", [("calendar_search_events", {"query": "sync", "time_min": text, "page_size": 1}) for text in DATE_STRINGS]),
        session("pd.Timestamp formats: calendar event_start", [("calendar_create_event", {"event_name": "x", "participant_email": "a@b.c", "event_start": text, "duration": "5"}) for text in DATE_STRINGS]),
        session("regular expressions on str columns", [("calendar_search_events", {"query": pattern, "page_size": 1}) for pattern in REGEX_QUERIES]
                + [("company_directory_find_email_address", {"name": pattern}) for pattern in REGEX_QUERIES]),
        session("regular expressions on an object column", [("calendar_create_event", {"event_name": 7, "participant_email": "a@b.c", "event_start": "2023-12-01 10:00:00", "duration": "5"})]
                + [("calendar_search_events", {"query": pattern, "page_size": 1}) for pattern in REGEX_QUERIES]),
        session(
            "JSON bodies as json.loads reads them",
            [("email_search_emails", body) for body in [
                '{"query": "sprint",}', '{"query" "sprint"}', '{"query": "sprint"', '{"query": "sprint}', '{"query": "\\x"}',
                '{"query": "a\nb"}', '{"query": NaN}', '{"query": -Infinity}', ' {"query": "sprint", "page_size": 1} ',
                '{"query": "sprint", "page_size": 1}\n', '{"query": "sprint"} x', '{query: 1}', '{"query": "\\ud83d\\ude00"}',
                '{"query": "\\u00e9t\\u00e9"}', '[1, 2', '{"query": 1e400}', '{"query": -0}', '{"query": "sprint", "page": 01}',
                '{"query": "sprint", "page_size": 1.5e0}', '{"query": "x", "query": "sprint", "page_size": 1}',
            ]],
        ),
        session(
            "comparisons on an empty selection",
            [
                ("customer_relationship_manager_search_customers", {"customer_name": "Nobody Atall", "last_contact_date_min": 7}),
                ("customer_relationship_manager_search_customers", {"customer_name": "Nobody Atall", "follow_up_by_max": ["a"]}),
                ("customer_relationship_manager_search_customers", {"customer_name": "Nobody Atall", "follow_up_by_max": {"a": 1}}),
                ("analytics_total_visits_count", {"time_min": "2099-01-01", "time_max": 7}),
                ("analytics_get_average_session_duration", {"time_min": "2099", "time_max": {"a": 1}}),
                ("analytics_traffic_source_count", {"time_min": "2099", "traffic_source": ["a"]}),
                ("analytics_traffic_source_count", {"time_min": "2099", "traffic_source": 7}),
                ("project_management_search_tasks", {"task_name": "zzz", "due_date": 7}),
            ],
        ),
        session(
            "text beyond ASCII",
            [
                ("company_directory_find_email_address", {"name": "RÄJ"}),
                ("email_send_email", {"recipient": "Zoë.Ünal@atlas.com", "subject": "Café ☕ 𝄞", "body": "İstanbul\tline\u2028end"}),
                ("email_search_emails", {"query": "CAFÉ ☕"}),
                ("email_search_emails", {"query": "zoë.ünal"}),
                ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": ["é", "'", "\""], "value_to_plot": "total_visits", "plot_type": "bar"}),
                ("email_get_email_information_by_id", {"email_id": "00000003", "field": "x'y"}),
                ("no_such_tool_é", {}),
            ],
        ),
    ]


CALL_PLAN = [
    session(
        "no session seeded",
        [("email_search_emails", {"query": "x"}), ("company_directory_find_email_address", {"name": "raj"})],
        seed=False,
    ),
    session(
        "request bodies the route cannot take",
        [
            ("email_search_emails", "[]"),
            ("email_search_emails", '"x"'),
            ("email_search_emails", "5"),
            ("email_search_emails", "null"),
            ("email_search_emails", "{"),
            ("email_search_emails", ""),
            ("email_search_emails", '{"query": "sprint", "page": 2.0}'),
            ("email_search_emails", '{"query": "sprint", "page_size": 2.0}'),
            ("email_search_emails", '{"query": "sprint", "page": 1e16}'),
            ("email_search_emails", '{"query": "sprint", "page": 10000000000000000000000}'),
            ("email_search_emails", '{"query": "sprint", "page": null, "page_size": null}'),
            ("email_search_emails", '{"query": "sprint", "query": "budget"}'),
            ("email_search_emails", '{"query": "caf\\u00e9 \\u2603"}'),
            ("calendar_create_event", '{"event_name": "x", "participant_email": "a@b.c", "event_start": "2023-12-01 10:00:00", "duration": 1e-05}'),
            ("no_such_tool", {}),
            ("no_such_tool", {"a": 1}),
            ("email_delete_email", {"email_id": "00000001", "force": True}),
            ("email_delete_email", {"email_id": "00000001", "force": None}),
            ("seed_session_typo", {}),
        ],
    ),
    session(
        "CompanyDirectoryTool.find_email_address",
        [
            ("company_directory_find_email_address", {}),
            ("company_directory_find_email_address", {"name": ""}),
            ("company_directory_find_email_address", {"name": "raj"}),
            ("company_directory_find_email_address", {"name": "RAJ"}),
            ("company_directory_find_email_address", {"name": "atlas"}),
            ("company_directory_find_email_address", {"name": "nobody"}),
            ("company_directory_find_email_address", {"name": "."}),
            ("company_directory_find_email_address", {"name": "r.j"}),
            ("company_directory_find_email_address", {"name": "("}),
            ("company_directory_find_email_address", {"name": "a+"}),
            ("company_directory_find_email_address", {"name": "[a-c]"}),
            ("company_directory_find_email_address", {"name": "c++"}),
            ("company_directory_find_email_address", {"name": "\\d"}),
            ("company_directory_find_email_address", {"name": "^raj"}),
        ],
    ),
    session(
        "EmailTool.get_email_information_by_id",
        [
            ("email_get_email_information_by_id", {}),
            ("email_get_email_information_by_id", {"email_id": "00000003"}),
            ("email_get_email_information_by_id", {"field": "subject"}),
            ("email_get_email_information_by_id", {"email_id": "", "field": "subject"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": ""}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "subject"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "body"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "sent_datetime"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "inbox/outbox"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "sender/recipient"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "email_id"}),
            ("email_get_email_information_by_id", {"email_id": "00000003", "field": "color"}),
            ("email_get_email_information_by_id", {"email_id": "3", "field": "subject"}),
            ("email_get_email_information_by_id", {"email_id": "99999999", "field": "subject"}),
        ],
    ),
    session(
        "EmailTool.search_emails",
        [
            ("email_search_emails", {}),
            ("email_search_emails", {"query": ""}),
            ("email_search_emails", {"query": "sprint retrospective"}),
            ("email_search_emails", {"query": "SPRINT  Retrospective"}),
            ("email_search_emails", {"query": "sprint", "page": 2}),
            ("email_search_emails", {"query": "sprint", "page": 99}),
            ("email_search_emails", {"query": "sprint", "page": 0}),
            ("email_search_emails", {"query": "sprint", "page": -3}),
            ("email_search_emails", {"query": "sprint", "page_size": 1}),
            ("email_search_emails", {"query": "sprint", "page_size": 0}),
            ("email_search_emails", {"query": "sprint", "page_size": -2}),
            ("email_search_emails", {"query": "sprint", "date_min": "2023-10-01"}),
            ("email_search_emails", {"query": "sprint", "date_max": "2023-09-30"}),
            ("email_search_emails", {"query": "sprint", "date_min": "2023-10-01", "date_max": "2023-10-31"}),
            ("email_search_emails", {"query": "sprint", "date_min": "2023-10-01 12:00:00"}),
            ("email_search_emails", {"query": "sprint", "date_min": "October 1, 2023"}),
            ("email_search_emails", {"query": "sprint", "date_min": "not a date"}),
            ("email_search_emails", {"query": "sprint", "date_max": "2023-13-45"}),
            ("email_search_emails", {"query": "sprint", "date_min": "2023/10/01"}),
            ("email_search_emails", {"query": "sprint", "date_min": "20231001"}),
            ("email_search_emails", {"query": "zzzz nothing"}),
            ("email_search_emails", {"query": "yuki.tanaka@atlas.com"}),
            ("email_search_emails", {"query": "#2"}),
        ],
    ),
    session(
        "EmailTool.send_email and what it stores",
        [
            ("email_send_email", {}),
            ("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": "Hi"}),
            ("email_send_email", {"recipient": "raj.patel@atlas.com", "body": "B"}),
            ("email_send_email", {"subject": "Hi", "body": "B"}),
            ("email_send_email", {"recipient": "kofi", "subject": "Hi", "body": "B"}),
            ("email_send_email", {"recipient": "kofi@atlas", "subject": "Hi", "body": "B"}),
            ("email_send_email", {"recipient": "kofi.atlas.com", "subject": "Hi", "body": "B"}),
            ("email_send_email", {"recipient": "Kofi.Mensah@Atlas.com", "subject": "Hi there", "body": "Body text"}),
            ("email_search_emails", {"query": "hi there"}),
            ("email_get_email_information_by_id", {"email_id": "500", "field": "sent_datetime"}),
            ("email_get_email_information_by_id", {"email_id": "500", "field": "sender/recipient"}),
            ("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": "Second", "body": "Again"}),
            ("email_get_email_information_by_id", {"email_id": "501", "field": "subject"}),
            ("email_delete_email", {"email_id": "00000010"}),
            ("email_send_email", {"recipient": "raj.patel@atlas.com", "subject": "Third", "body": "After a delete"}),
            ("email_search_emails", {"query": "after a delete"}),
            ("email_search_emails", {"query": "raj.patel", "date_min": "2023-11-30"}),
        ],
    ),
    session(
        "EmailTool.delete_email",
        [
            ("email_delete_email", {}),
            ("email_delete_email", {"email_id": ""}),
            ("email_delete_email", {"email_id": "00000004"}),
            ("email_delete_email", {"email_id": "00000004"}),
            ("email_get_email_information_by_id", {"email_id": "00000004", "field": "subject"}),
            ("email_delete_email", {"email_id": "4"}),
            ("email_delete_email", {"email_id": "nope"}),
        ],
    ),
    session(
        "EmailTool.forward_email",
        [
            ("email_forward_email", {}),
            ("email_forward_email", {"email_id": "00000005"}),
            ("email_forward_email", {"recipient": "kofi.mensah@atlas.com"}),
            ("email_forward_email", {"email_id": "00000005", "recipient": "kofi"}),
            ("email_forward_email", {"email_id": "99999999", "recipient": "kofi"}),
            ("email_forward_email", {"email_id": "99999999", "recipient": "kofi.mensah@atlas.com"}),
            ("email_forward_email", {"email_id": "00000005", "recipient": "Kofi.Mensah@atlas.com"}),
            ("email_search_emails", {"query": "FW:"}),
            ("email_forward_email", {"email_id": "500", "recipient": "raj.patel@atlas.com"}),
            ("email_get_email_information_by_id", {"email_id": "501", "field": "subject"}),
        ],
    ),
    session(
        "EmailTool.reply_email",
        [
            ("email_reply_email", {}),
            ("email_reply_email", {"email_id": "00000006"}),
            ("email_reply_email", {"body": "Thanks"}),
            ("email_reply_email", {"email_id": "99999999", "body": "Thanks"}),
            ("email_reply_email", {"email_id": "00000006", "body": "Thanks"}),
            ("email_reply_email", {"email_id": "00000003", "body": "Thanks, inbox"}),
            ("email_search_emails", {"query": "RE:"}),
            ("email_get_email_information_by_id", {"email_id": "501", "field": "sender/recipient"}),
        ],
    ),
    session(
        "CalendarTool.get_event_information_by_id",
        [
            ("calendar_get_event_information_by_id", {}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001"}),
            ("calendar_get_event_information_by_id", {"field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "event_id"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "participant_email"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "event_start"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "duration"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "color"}),
            ("calendar_get_event_information_by_id", {"event_id": "1", "field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "0000000a", "field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "000000001", "field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "99999999", "field": "event_name"}),
            ("calendar_get_event_information_by_id", {"event_id": "99999999", "field": "color"}),
            ("calendar_get_event_information_by_id", {"event_id": "１２３４５６７８", "field": "event_name"}),
        ],
    ),
    session(
        "CalendarTool.search_events",
        [
            ("calendar_search_events", {}),
            ("calendar_search_events", {"query": "sync"}),
            ("calendar_search_events", {"query": "SYNC", "page": 2, "page_size": 3}),
            ("calendar_search_events", {"query": "sync", "page": 1000}),
            ("calendar_search_events", {"query": "sync", "page": 0}),
            ("calendar_search_events", {"query": "sync", "page_size": 0}),
            ("calendar_search_events", {"query": "sync", "page_size": -1}),
            ("calendar_search_events", {"query": "raj.patel"}),
            ("calendar_search_events", {"query": "no such meeting"}),
            ("calendar_search_events", {"query": "vendor meeting", "time_min": "2023-12-26 00:00:00", "time_max": "2023-12-26 23:59:59"}),
            ("calendar_search_events", {"query": "sync", "time_min": "2023-11-01"}),
            ("calendar_search_events", {"query": "sync", "time_max": "2023-09-01 10:00"}),
            ("calendar_search_events", {"query": "sync", "time_min": "next week"}),
            ("calendar_search_events", {"query": "sync", "time_max": "2023-02-30 10:00:00"}),
            ("calendar_search_events", {"query": "sync", "time_min": "2023-12-01T09:00:00"}),
            ("calendar_search_events", {"query": "sync", "time_min": "2024-06-01 00:00:00"}),
            ("calendar_search_events", {"query": "("}),
            ("calendar_search_events", {"query": "sync|demo"}),
        ],
    ),
    session(
        "CalendarTool.create_event",
        [
            ("calendar_create_event", {}),
            ("calendar_create_event", {"participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "30"}),
            ("calendar_create_event", {"event_name": "Sync", "event_start": "2023-12-04 10:00:00", "duration": "30"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "duration": "30"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "tomorrow at 10", "duration": "30"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "-5"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "0"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "half an hour"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": "30.5"}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "a@b.com", "event_start": "2023-12-04 10:00:00", "duration": " 45 "}),
            ("calendar_create_event", {"event_name": "Sync", "participant_email": "Raj.Patel@atlas.com", "event_start": "2023-12-04 10:00:00", "duration": "30"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000300", "field": "participant_email"}),
            ("calendar_create_event", {"event_name": "Planning", "participant_email": "not-an-email", "event_start": "2023-12-05", "duration": "60"}),
            ("calendar_search_events", {"query": "planning"}),
            ("calendar_delete_event", {"event_id": "00000300"}),
            ("calendar_create_event", {"event_name": "Again", "participant_email": "a@b.com", "event_start": "2023-12-06 10:00:00", "duration": "15"}),
            ("calendar_search_events", {"query": "again"}),
        ],
    ),
    session(
        "CalendarTool.delete_event",
        [
            ("calendar_delete_event", {}),
            ("calendar_delete_event", {"event_id": ""}),
            ("calendar_delete_event", {"event_id": "2"}),
            ("calendar_delete_event", {"event_id": "abcdefgh"}),
            ("calendar_delete_event", {"event_id": "00000002"}),
            ("calendar_delete_event", {"event_id": "00000002"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000002", "field": "event_name"}),
            ("calendar_delete_event", {"event_id": "99999999"}),
        ],
    ),
    session(
        "CalendarTool.update_event",
        [
            ("calendar_update_event", {}),
            ("calendar_update_event", {"event_id": "00000003", "field": "event_name"}),
            ("calendar_update_event", {"event_id": "00000003", "new_value": "x"}),
            ("calendar_update_event", {"field": "event_name", "new_value": "x"}),
            ("calendar_update_event", {"event_id": "3", "field": "event_name", "new_value": "x"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "color", "new_value": "red"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "event_id", "new_value": "00000009"}),
            ("calendar_update_event", {"event_id": "99999999", "field": "event_name", "new_value": "x"}),
            ("calendar_update_event", {"event_id": "99999999", "field": "duration", "new_value": "-1"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "event_start", "new_value": "soon"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "event_start", "new_value": "2023-12-24 09:30:00"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "duration", "new_value": "0"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "duration", "new_value": "ninety"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "duration", "new_value": "90"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "participant_email", "new_value": "Someone@Atlas.com"}),
            ("calendar_update_event", {"event_id": "00000003", "field": "event_name", "new_value": "Renamed"}),
            ("calendar_search_events", {"query": "renamed"}),
        ],
    ),
    session(
        "AnalyticsTool.get_visitor_information_by_id",
        [
            ("analytics_get_visitor_information_by_id", {}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": ""}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": "d599z53"}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": "D599Z53"}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": "nobody"}),
        ],
    ),
    session(
        "AnalyticsTool.create_plot",
        [
            ("analytics_create_plot", {}),
            ("analytics_create_plot", {"time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "bar"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "value_to_plot": "total_visits", "plot_type": "bar"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "plot_type": "bar"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "direct", "plot_type": "bar"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "total_visits"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "pie"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "visits_social_media", "plot_type": "histogram"}),
            ("analytics_create_plot", {"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "user_engaged", "plot_type": "line"}),
            ("analytics_create_plot", {"time_min": "whenever", "time_max": "later", "value_to_plot": "session_duration_seconds", "plot_type": "scatter"}),
        ],
    ),
    session(
        "AnalyticsTool counts and averages",
        [
            ("analytics_total_visits_count", {}),
            ("analytics_total_visits_count", {"time_min": "2023-08-01", "time_max": "2023-08-03"}),
            ("analytics_total_visits_count", {"time_min": "2023-11-28"}),
            ("analytics_total_visits_count", {"time_max": "2023-08-02"}),
            ("analytics_total_visits_count", {"time_min": "2024-01-01"}),
            ("analytics_total_visits_count", {"time_min": "2023-08-03", "time_max": "2023-08-01"}),
            ("analytics_engaged_users_count", {}),
            ("analytics_engaged_users_count", {"time_min": "2023-08-01", "time_max": "2023-08-03"}),
            ("analytics_engaged_users_count", {"time_min": "2024-01-01"}),
            ("analytics_traffic_source_count", {}),
            ("analytics_traffic_source_count", {"time_min": "2023-08-01", "time_max": "2023-08-03"}),
            ("analytics_traffic_source_count", {"time_min": "2023-08-01", "time_max": "2023-08-03", "traffic_source": "direct"}),
            ("analytics_traffic_source_count", {"time_min": "2023-08-01", "time_max": "2023-08-03", "traffic_source": "search engine"}),
            ("analytics_traffic_source_count", {"time_min": "2023-08-01", "time_max": "2023-08-03", "traffic_source": "carrier pigeon"}),
            ("analytics_traffic_source_count", {"time_min": "2024-01-01", "traffic_source": "direct"}),
            ("analytics_get_average_session_duration", {}),
            ("analytics_get_average_session_duration", {"time_min": "2023-08-01", "time_max": "2023-08-05"}),
            ("analytics_get_average_session_duration", {"time_min": "2023-10-01", "time_max": "2023-10-03"}),
            ("analytics_get_average_session_duration", {"time_min": "2024-01-01"}),
        ],
    ),
    session(
        "ProjectManagementTool.get_task_information_by_id",
        [
            ("project_management_get_task_information_by_id", {}),
            ("project_management_get_task_information_by_id", {"task_id": "00000001"}),
            ("project_management_get_task_information_by_id", {"field": "task_name"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000001", "field": "task_name"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000001", "field": "board"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000001", "field": "due_date"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000001", "field": "color"}),
            ("project_management_get_task_information_by_id", {"task_id": "1", "field": "task_name"}),
            ("project_management_get_task_information_by_id", {"task_id": "99999999", "field": "color"}),
        ],
    ),
    session(
        "ProjectManagementTool.search_tasks",
        [
            ("project_management_search_tasks", {}),
            ("project_management_search_tasks", {"task_name": ""}),
            ("project_management_search_tasks", {"task_name": "design email templates 1"}),
            ("project_management_search_tasks", {"assigned_to_email": "KOFI.MENSAH@atlas.com", "list_name": "backlog"}),
            ("project_management_search_tasks", {"assigned_to_email": "kofi"}),
            ("project_management_search_tasks", {"assigned_to_email": "kofi@atlas"}),
            ("project_management_search_tasks", {"assigned_to_email": "kofi mensah@atlas.com"}),
            ("project_management_search_tasks", {"assigned_to_email": "nobody@atlas.com"}),
            ("project_management_search_tasks", {"board": "front", "due_date": "2023-12"}),
            ("project_management_search_tasks", {"list_name": "In Progress", "board": "Back end", "due_date": "2023-11"}),
            ("project_management_search_tasks", {"task_name": "zzz"}),
            ("project_management_search_tasks", {"task_name": "("}),
        ],
    ),
    session(
        "ProjectManagementTool.create_task",
        [
            ("project_management_create_task", {}),
            ("project_management_create_task", {"task_name": "x"}),
            ("project_management_create_task", {"task_name": "x", "assigned_to_email": "who@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Design"}),
            ("project_management_create_task", {"task_name": "x", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Todo", "due_date": "2023-12-10", "board": "Design"}),
            ("project_management_create_task", {"task_name": "x", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Backlog", "due_date": "2023-12-10", "board": "Kitchen"}),
            ("project_management_create_task", {"task_name": "x", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "backlog", "due_date": "2023-12-10", "board": "design"}),
            ("project_management_create_task", {"task_name": "Ship it", "assigned_to_email": "KOFI.MENSAH@atlas.com", "list_name": "Backlog", "due_date": "whenever", "board": "Design"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000300", "field": "assigned_to_email"}),
            ("project_management_search_tasks", {"task_name": "ship it"}),
            ("project_management_create_task", {"task_name": "Ship more", "assigned_to_email": "kofi.mensah@atlas.com", "list_name": "Completed", "due_date": "2023-12-11", "board": "Back end"}),
        ],
    ),
    session(
        "ProjectManagementTool.delete_task",
        [
            ("project_management_delete_task", {}),
            ("project_management_delete_task", {"task_id": ""}),
            ("project_management_delete_task", {"task_id": "00000002"}),
            ("project_management_delete_task", {"task_id": "00000002"}),
            ("project_management_delete_task", {"task_id": "2"}),
        ],
    ),
    session(
        "ProjectManagementTool.update_task",
        [
            ("project_management_update_task", {}),
            ("project_management_update_task", {"task_id": "00000003", "field": "board"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "board", "new_value": "Kitchen"}),
            ("project_management_update_task", {"task_id": "99999999", "field": "board", "new_value": "Kitchen"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "list_name", "new_value": "Todo"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "assigned_to_email", "new_value": "who@atlas.com"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "assigned_to_email", "new_value": "PRIYA.NAIR@atlas.com"}),
            ("project_management_update_task", {"task_id": "99999999", "field": "task_name", "new_value": "x"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "colour", "new_value": "x"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "list_name", "new_value": "In Review"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "board", "new_value": "Front end"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "due_date", "new_value": "2024-01-01"}),
            ("project_management_update_task", {"task_id": "00000003", "field": "task_id", "new_value": "00000777"}),
            ("project_management_get_task_information_by_id", {"task_id": "00000777", "field": "task_name"}),
            ("project_management_search_tasks", {"assigned_to_email": "priya.nair@atlas.com", "board": "Front end"}),
        ],
    ),
    session(
        "CustomerRelationshipManagerTool.search_customers",
        [
            ("customer_relationship_manager_search_customers", {}),
            ("customer_relationship_manager_search_customers", {"page": 2}),
            ("customer_relationship_manager_search_customers", {"customer_name": "quinn garcia"}),
            ("customer_relationship_manager_search_customers", {"customer_name": "garcia", "page": 2, "page_size": 2}),
            ("customer_relationship_manager_search_customers", {"customer_name": "garcia", "page": 100}),
            ("customer_relationship_manager_search_customers", {"customer_name": "garcia", "page": 0}),
            ("customer_relationship_manager_search_customers", {"customer_name": "garcia", "page_size": 0}),
            ("customer_relationship_manager_search_customers", {"customer_name": "Nobody Atall"}),
            ("customer_relationship_manager_search_customers", {"status": "won", "product_interest": "soft"}),
            ("customer_relationship_manager_search_customers", {"assigned_to_email": "raj.patel"}),
            ("customer_relationship_manager_search_customers", {"customer_email": "northwind"}),
            ("customer_relationship_manager_search_customers", {"last_contact_date_min": "2023-09-01"}),
            ("customer_relationship_manager_search_customers", {"last_contact_date_max": "2023-02-01", "page_size": 10}),
            ("customer_relationship_manager_search_customers", {"follow_up_by_min": "2023-12-01", "follow_up_by_max": "2023-12-31"}),
            ("customer_relationship_manager_search_customers", {"follow_up_by_min": "December"}),
            ("customer_relationship_manager_search_customers", {"customer_name": "("}),
        ],
    ),
    session(
        "CustomerRelationshipManagerTool.update_customer",
        [
            ("customer_relationship_manager_update_customer", {}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "status"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "status", "new_value": "won"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "99999999", "field": "status", "new_value": "won"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "product_interest", "new_value": "Toys"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "status", "new_value": "Won"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "product_interest", "new_value": "Training"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "customer_email", "new_value": "New@Mail.com"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "assigned_to_email", "new_value": "Raj.Patel@atlas.com"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "notes", "new_value": "Called again"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "color", "new_value": "x"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "99999999", "field": "notes", "new_value": "x"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "99999999", "field": "color", "new_value": "x"}),
            ("customer_relationship_manager_search_customers", {"customer_email": "new@mail.com"}),
        ],
    ),
    session(
        "CustomerRelationshipManagerTool.add_customer",
        [
            ("customer_relationship_manager_add_customer", {}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Blake Rossi"}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Blake Rossi", "assigned_to_email": "raj.patel@atlas.com"}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Blake Rossi", "assigned_to_email": "Raj.Patel@atlas.com", "status": "Lead"}),
            ("customer_relationship_manager_search_customers", {"customer_name": "blake rossi"}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Casey Jones", "assigned_to_email": "raj.patel@atlas.com", "status": "not a status", "customer_email": "Casey@Jones.COM", "customer_phone": "555", "last_contact_date": "2023-11-01", "product_interest": "Toys", "notes": "", "follow_up_by": "2023-12-01"}),
            ("customer_relationship_manager_search_customers", {"customer_name": "casey"}),
            ("customer_relationship_manager_search_customers", {"assigned_to_email": "raj.patel@atlas.com", "page": 3}),
            ("customer_relationship_manager_delete_customer", {"customer_id": "00000200"}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Dana", "assigned_to_email": "raj.patel@atlas.com", "status": "Won"}),
            ("customer_relationship_manager_search_customers", {"customer_name": "dana"}),
        ],
    ),
    session(
        "CustomerRelationshipManagerTool.delete_customer",
        [
            ("customer_relationship_manager_delete_customer", {}),
            ("customer_relationship_manager_delete_customer", {"customer_id": ""}),
            ("customer_relationship_manager_delete_customer", {"customer_id": "00000004"}),
            ("customer_relationship_manager_delete_customer", {"customer_id": "00000004"}),
            ("customer_relationship_manager_delete_customer", {"customer_id": "4"}),
        ],
    ),
    *odd_type_sessions(),
    *stored_value_sessions(),
    *format_sessions(),
]

# Over tests/fixtures/csv_gaps/ (cells pandas reads as NaN: empty, quoted empty, "NA", "None", "null", ...).
GAPS_PLAN = [
    session(
        "missing values: directory, emails",
        [
            ("company_directory_find_email_address", {"name": "a"}),
            ("company_directory_find_email_address", {"name": "n"}),
            ("email_get_email_information_by_id", {"email_id": "00000001", "field": "body"}),
            ("email_get_email_information_by_id", {"email_id": "00000002", "field": "subject"}),
            ("email_search_emails", {"query": "nan", "page_size": 2}),
            ("email_search_emails", {"query": "none"}),
            ("email_forward_email", {"email_id": "00000001", "recipient": "raj.patel@atlas.com"}),
            ("email_forward_email", {"email_id": "00000002", "recipient": "raj.patel@atlas.com"}),
            ("email_reply_email", {"email_id": "00000003", "body": "Thanks"}),
            ("email_search_emails", {"query": "fw:"}),
            ("email_send_email", {"recipient": "a@b.co", "subject": "s", "body": "b"}),
        ],
    ),
    session(
        "missing values: calendar",
        [
            ("calendar_get_event_information_by_id", {"event_id": "00000001", "field": "duration"}),
            ("calendar_get_event_information_by_id", {"event_id": "00000004", "field": "event_start"}),
            ("calendar_search_events", {"query": "null"}),
            ("calendar_search_events", {"query": "", "page_size": 50}),
            ("calendar_search_events", {"query": "e", "page_size": 50}),
            ("calendar_search_events", {"query": "sync", "page_size": 20}),
            ("calendar_search_events", {"query": "", "time_min": "2023-09-01 00:00:00", "page_size": 3}),
            ("calendar_update_event", {"event_id": "00000002", "field": "participant_email", "new_value": "A@B.C"}),
            ("calendar_create_event", {"event_name": "x", "participant_email": "a@b.c", "event_start": "2023-12-01 10:00:00", "duration": "10"}),
        ],
    ),
    session(
        "missing values: analytics",
        [
            ("analytics_total_visits_count", {}),
            ("analytics_traffic_source_count", {"traffic_source": "direct"}),
            ("analytics_engaged_users_count", {}),
            ("analytics_get_average_session_duration", {"time_max": "2023-08-03"}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": "d599z53"}),
            ("analytics_get_average_session_duration", {}),
            ("analytics_get_visitor_information_by_id", {"visitor_id": "f395z76"}),
        ],
    ),
    session(
        "missing values: project management",
        [
            ("project_management_get_task_information_by_id", {"task_id": "00000001", "field": "due_date"}),
            ("project_management_search_tasks", {"task_name": "design"}),
            ("project_management_search_tasks", {"board": "design"}),
            ("project_management_search_tasks", {"due_date": "2023"}),
            ("project_management_search_tasks", {"assigned_to_email": "kofi.mensah@atlas.com"}),
            ("project_management_create_task", {"task_name": "t", "assigned_to_email": "n/a", "list_name": "Backlog", "due_date": "2024-01-01", "board": "Design"}),
            ("project_management_update_task", {"task_id": "00000001", "field": "due_date", "new_value": "2024-02-02"}),
        ],
    ),
    session(
        "missing values: customers",
        [
            ("customer_relationship_manager_search_customers", {"customer_name": "garcia", "page_size": 10}),
            ("customer_relationship_manager_search_customers", {"product_interest": "s"}),
            ("customer_relationship_manager_search_customers", {"customer_email": "garcia"}),
            ("customer_relationship_manager_search_customers", {"last_contact_date_min": "2023-08-01"}),
            ("customer_relationship_manager_search_customers", {"follow_up_by_max": "2023-09-01"}),
            ("customer_relationship_manager_update_customer", {"customer_id": "00000001", "field": "customer_phone", "new_value": "555"}),
            ("customer_relationship_manager_add_customer", {"customer_name": "Z", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead"}),
            ("customer_relationship_manager_search_customers", {"status": "lead"}),
            ("customer_relationship_manager_search_customers", {"last_contact_date_max": "2023-07-01"}),
        ],
    ),
]


def function_call(name, arguments, index=0):
    return {"type": "function_call", "call_id": f"call_{index}", "name": name, "arguments": arguments, "id": f"fc_{index}", "status": "completed"}


def verify_cases(data_dir: Path):
    """Predicted outputs against ground truths: every row's own ground truth, and perturbations of it."""
    rows = []
    for split in ["example", "validation"]:
        rows += [json.loads(line) for line in (data_dir / f"{split}.jsonl").read_text().splitlines() if line]
    cases = []
    for index, row in enumerate(rows):
        truth = row["ground_truth"]
        calls = [function_call(item["name"], item["arguments"], i) for i, item in enumerate(truth)]
        cases.append({"name": f"row {index}: its own ground truth", "output": calls, "ground_truth": truth})
        if index % 3 == 0:
            cases.append({"name": f"row {index}: nothing called", "output": [], "ground_truth": truth})
        if index % 3 == 1:
            upper = [function_call(c["name"], c["arguments"].upper(), i) for i, c in enumerate(truth)]
            cases.append({"name": f"row {index}: arguments upper-cased", "output": upper, "ground_truth": truth})
        if index % 3 == 2:
            cases.append({"name": f"row {index}: every call twice", "output": calls + calls, "ground_truth": truth})
    gt_event = [{"name": "calendar_create_event", "arguments": '{"event_name": "Sync", "participant_email": "raj.patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": "30"}'}]
    numeric = '{"event_name": "Sync", "participant_email": "raj.patel@atlas.com", "event_start": "2023-12-01 10:00:00", "duration": 30}'
    create_then_delete = [
        function_call("calendar_create_event", numeric, 0),
        function_call("calendar_delete_event", '{"event_id": "00000300"}', 1),
    ]
    send = '{"recipient": "raj.patel@atlas.com", "subject": "s", "body": "b"}'
    extra = [
        ("duration as a number", [function_call("calendar_create_event", numeric)], gt_event),
        ("event created with a number then deleted, against nothing", create_then_delete, []),
        ("upper-case participant", [function_call("calendar_create_event", gt_event[0]["arguments"].replace("raj.patel", "RAJ.PATEL"))], gt_event),
        ("ground truth as a JSON string", [function_call("calendar_create_event", gt_event[0]["arguments"])], json.dumps(gt_event)),
        ("nothing against a JSON-string ground truth", [], json.dumps(gt_event)),
        ("bad JSON arguments", [function_call("email_send_email", "{not json")], []),
        ("arguments that are a list", [function_call("email_send_email", "[1, 2]")], []),
        ("unknown tool", [function_call("email_frobnicate", "{}")], []),
        ("unknown keyword", [function_call("email_send_email", '{"to": "x@y.com"}')], []),
        ("explicit nulls replace defaults", [function_call("email_search_emails", '{"query": null}')], []),
        ("status case kept: won vs Won", [function_call("customer_relationship_manager_update_customer", '{"customer_id": "00000003", "field": "status", "new_value": "won"}')], [{"name": "customer_relationship_manager_update_customer", "arguments": '{"customer_id": "00000003", "field": "status", "new_value": "Won"}'}]),
        ("two sends vs one", [function_call("email_send_email", send, 0), function_call("email_send_email", send, 1)], [{"name": "email_send_email", "arguments": send}]),
        ("delete then send vs send", [function_call("email_delete_email", '{"email_id": "00000010"}', 0), function_call("email_send_email", send, 1)], [{"name": "email_delete_email", "arguments": '{"email_id": "00000010"}'}, {"name": "email_send_email", "arguments": send}]),
        ("send then delete vs delete then send", [function_call("email_send_email", send, 0), function_call("email_delete_email", '{"email_id": "00000010"}', 1)], [{"name": "email_delete_email", "arguments": '{"email_id": "00000010"}'}, {"name": "email_send_email", "arguments": send}]),
        ("plot in other case", [function_call("analytics_create_plot", '{"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "bar"}')], [{"name": "analytics_create_plot", "arguments": '{"time_min": "2023-08-01", "time_max": "2023-08-31", "value_to_plot": "total_visits", "plot_type": "bar"}'}]),
        ("add customer without optional fields", [function_call("customer_relationship_manager_add_customer", '{"customer_name": "A", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead"}')], [{"name": "customer_relationship_manager_add_customer", "arguments": '{"customer_name": "A", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead"}'}]),
        ("add customer, notes null vs absent", [function_call("customer_relationship_manager_add_customer", '{"customer_name": "A", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead", "notes": null}')], [{"name": "customer_relationship_manager_add_customer", "arguments": '{"customer_name": "A", "assigned_to_email": "raj.patel@atlas.com", "status": "Lead"}'}]),
        ("task update to a number", [function_call("project_management_update_task", '{"task_id": "00000003", "field": "due_date", "new_value": 5}')], []),
        ("event update with an int event id", [function_call("calendar_update_event", '{"event_id": 3, "field": "event_name", "new_value": "x"}')], []),
        ("message items are ignored", [{"type": "message", "id": "m", "role": "assistant", "status": "completed", "content": [{"type": "output_text", "text": "done", "annotations": []}]}], []),
    ]
    for name, output, truth in extra:
        cases.append({"name": name, "output": output, "ground_truth": truth})
    return cases
