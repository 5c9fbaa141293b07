"""Lookups that cope with any number a visitor can send."""

from copy import copy

from django.db.models import IntegerField
from django.db.models.lookups import In


# Django leaves out-of-range numbers out of `exact`, `gt` and the like, but not out of `in`: a
# form that checks a list of ids (the admin's group and permission boxes, its bulk actions)
# passes a 40-digit number to SQLite, which raises OverflowError, and the visitor gets a 500.
@IntegerField.register_lookup
class IntegerFieldIn(In):
    """Match any of the numbers, leaving out those the database cannot hold."""

    def as_sql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
        in_range = [
            value
            for value in self.rhs
            if not isinstance(value, int)
            or ((low is None or value >= low) and (high is None or value <= high))
        ]
        if len(in_range) == len(self.rhs):
            return super().as_sql(compiler, connection)
        lookup = copy(self)
        lookup.rhs = in_range
        return In.as_sql(lookup, compiler, connection)
