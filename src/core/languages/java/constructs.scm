(try_statement) @construct.try
(try_with_resources_statement) @construct.try
; detail: the caught type(s), `IOException | RuntimeException`
(catch_clause (catch_formal_parameter (catch_type) @detail)) @construct.catch
(finally_clause) @construct.finally
(throw_statement) @construct.raise

(if_statement condition: (parenthesized_expression (_) @detail)) @construct.branch
; Switch statements and switch expressions (arrows and `yield` alike) are one node in this grammar.
(switch_expression condition: (parenthesized_expression (_) @detail)) @construct.switch
(ternary_expression) @construct.ternary

(for_statement condition: (_) @detail) @construct.loop
(for_statement !condition) @construct.loop
(enhanced_for_statement name: (_) @detail) @construct.loop
(while_statement condition: (parenthesized_expression (_) @detail)) @construct.loop
(do_statement condition: (parenthesized_expression (_) @detail)) @construct.loop
(return_statement) @construct.return

; this.x = …, this.n += …, this.count++ (detail: the target)
(assignment_expression left: (field_access object: (this)) @detail) @construct.state-assignment
(update_expression (field_access object: (this)) @detail) @construct.state-assignment

[(line_comment) (block_comment)] @comment
