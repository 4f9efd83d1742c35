DROP INDEX compensation_figures;
DROP INDEX timesheets_figures;
